"""Guardrails: small rules every outbound email passes when proposed and again right before it is
sent. Each rule returns a verdict with its evidence; one failed verdict blocks the email.

    from approvals.guardrails import run_guardrails
    verdicts = run_guardrails(draft, facts)   # -> list[Verdict], one per registered rule

Rules live in `rules.py` behind the `Rule` base class of `base.py` and register themselves.
"""
from approvals.guardrails import rules as _rules  # noqa: F401 - registers the rules
from approvals.guardrails.base import REGISTRY, Draft, Rule, Verdict, run_guardrails
from approvals.guardrails.facts import CaseFacts, case_facts

__all__ = ["REGISTRY", "CaseFacts", "Draft", "Rule", "Verdict", "case_facts", "run_guardrails"]
