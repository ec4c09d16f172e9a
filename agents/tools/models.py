"""The audit of every tool call and the bearer tokens of agents that call over HTTP. (The
long-term memory the librarian writes lives in the `memory` app.)
"""
from __future__ import annotations

from django.conf import settings
from django.db import models

from agents.tools.manifests import AGENTS

AGENT_CHOICES = [(agent, agent) for agent in AGENTS]


class AgentToken(models.Model):
    """A bearer token for one agent running outside this process. Only its sha256 is stored."""

    agent = models.CharField(max_length=64, choices=AGENT_CHOICES)
    name = models.CharField(
        max_length=200, blank=True, help_text="Where it is used, e.g. 'intake worker on host b'."
    )
    prefix = models.CharField(
        max_length=16, editable=False, help_text="The first characters, to recognise a token."
    )
    digest = models.CharField(max_length=64, unique=True, editable=False)
    rate_limit = models.CharField(
        max_length=32,
        blank=True,
        help_text="e.g. '120/minute'; empty means the TOOLS_RATE_LIMIT setting.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["agent", "-created_at"]
        verbose_name = "agent token"

    def __str__(self) -> str:
        state = "revoked" if self.revoked_at else "active"
        return f"{self.agent} token {self.prefix}… ({state})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from agents.tools.ratelimit import parse_rate

        if self.rate_limit:
            try:
                parse_rate(self.rate_limit)
            except ValueError as exc:
                raise ValidationError({"rate_limit": str(exc)}) from None


class ToolCall(models.Model):
    """One row per tool call, whatever the outcome: the tool part of an invoice's decision trail."""

    class Outcome(models.TextChoices):
        OK = "ok", "OK"
        DENIED = "denied", "Denied (outside the agent's scopes)"
        INVALID_ARGUMENTS = "invalid_arguments", "Invalid arguments"
        ERROR = "error", "Error"

    class Via(models.TextChoices):
        PYTHON = "python", "In-process client"
        LLM = "llm", "Model function call"
        HTTP = "http", "HTTP gateway"

    workflow = models.ForeignKey(
        "orchestrator.Workflow",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tool_calls",
    )
    step = models.ForeignKey(
        "orchestrator.Step",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tool_calls",
    )
    agent = models.CharField(max_length=64)
    tool = models.CharField(max_length=100)
    via = models.CharField(max_length=8, choices=Via.choices, default=Via.PYTHON)
    token = models.ForeignKey(
        AgentToken, null=True, blank=True, on_delete=models.SET_NULL, related_name="calls"
    )
    arguments = models.JSONField(default=dict, blank=True, help_text="Long values are truncated.")
    result_summary = models.TextField(blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    error = models.TextField(blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "tool call"
        indexes = [
            # the decision trail lists one workflow's tool calls in order
            models.Index(fields=["workflow", "created_at"], name="toolcall_workflow_idx"),
            # the admin filters calls by agent and outcome, newest first (e.g. recent denials)
            models.Index(fields=["agent", "outcome", "-created_at"], name="toolcall_agent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.agent} -> {self.tool}: {self.outcome}"

