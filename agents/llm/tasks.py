"""What each agent may ask a model, declared up front.

A `Task` names the agent that owns it, the versioned prompt template file, the input fields it may
send (a pydantic model that forbids anything else), the output model the reply must validate
against, and the tools it may be offered. The gateway builds the prompt from these only: no
conversation history, no fields the task did not declare, no schemas of unrelated tools.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

PROMPTS_DIR = Path(__file__).resolve().parent / "prompts"
_PROMPT_FILE = re.compile(r"^(?P<task>[a-z_]+\.[a-z_]+)\.v(?P<version>\d+)\.txt$")


class Inputs(BaseModel):
    """Base of every task's inputs: a field the task did not declare is refused, not ignored."""

    model_config = ConfigDict(extra="forbid")


@dataclass(frozen=True)
class Task:
    name: str
    agent: str
    prompt_file: str
    inputs: type[Inputs]
    output: type[BaseModel]
    max_output_tokens: int = 600
    tools: tuple[str, ...] = ()
    # Rules the schema cannot say (an answer must refer to the inputs it was given). Raise
    # ValueError to have the reply treated as invalid: re-asked once, then the step fails.
    check: Callable[[Inputs, BaseModel], None] | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        match = _PROMPT_FILE.match(self.prompt_file)
        if not match or match["task"] != self.name:
            raise ValueError(f"prompt file of {self.name} must be {self.name}.v<N>.txt")
        if not (PROMPTS_DIR / self.prompt_file).is_file():
            raise ValueError(f"prompt file {self.prompt_file} is missing from {PROMPTS_DIR}")

    @property
    def version(self) -> int:
        return int(_PROMPT_FILE.match(self.prompt_file)["version"])

    @cached_property
    def instructions(self) -> str:
        return (PROMPTS_DIR / self.prompt_file).read_text(encoding="utf-8").strip()

    @property
    def input_fields(self) -> frozenset[str]:
        return frozenset(self.inputs.model_fields)


TASKS: dict[str, Task] = {}


def declare(task: Task) -> Task:
    if task.name in TASKS:
        raise ValueError(f"task {task.name} is declared twice")
    TASKS[task.name] = task
    return task


# --- intake.read_fields: the layout reader's second opinion -----------------------------------


class ReadFieldsInputs(Inputs):
    page_text: str = Field(description="Text of the invoice page(s), as extracted.")
    unsure_fields: list[str] = Field(description="Header fields the rules could not read surely.")
    want_lines: bool = Field(default=False, description="Also read the line items.")


class FieldReading(BaseModel):
    name: str
    value: str = Field(description="The value exactly as printed.")
    confidence: float = Field(ge=0, le=1)


class LineReading(BaseModel):
    description: str
    quantity: str | None = None
    unit_price: str | None = None
    amount: str | None = None


class ReadFields(BaseModel):
    """What the model read. Empty lists mean "nothing to add" (the rules provider's answer)."""

    fields: list[FieldReading] = Field(default_factory=list)
    lines: list[LineReading] = Field(default_factory=list)


def _only_asked_fields(inputs: ReadFieldsInputs, output: ReadFields) -> None:
    extra = {reading.name for reading in output.fields} - set(inputs.unsure_fields)
    if extra:
        raise ValueError(f"fields were not asked for: {', '.join(sorted(extra))}")
    if output.lines and not inputs.want_lines:
        raise ValueError("line items were not asked for")


READ_FIELDS = declare(
    Task(
        name="intake.read_fields",
        agent="intake",
        prompt_file="intake.read_fields.v1.txt",
        inputs=ReadFieldsInputs,
        output=ReadFields,
        max_output_tokens=1200,
        check=_only_asked_fields,
    )
)


# --- exception.draft_email: a letter to the vendor about what differs ------------------------


class Discrepancy(BaseModel):
    kind: str = Field(description="A finding kind, e.g. price_variance, billed_not_received")
    description: str = Field(description="What differs, e.g. 'Unit price of line 2 (M8 bolts)'.")
    expected: str
    actual: str
    difference: str | None = None


class DraftEmailInputs(Inputs):
    vendor_name: str
    contact_name: str
    account_manager_name: str
    account_manager_title: str = ""
    invoice_number: str
    po_number: str
    currency: str
    invoice_total: str
    discrepancies: list[Discrepancy] = Field(min_length=1)
    clerk_note: str = Field(
        default="", max_length=500,
        description="What the clerk who asked for the email wants stressed; guidance only.",
    )


class DraftEmail(BaseModel):
    """Connecting prose only. The greeting, figures, table, request and signature are written by
    code (agents/exception/compose.py); who receives the email is decided by code too. Any other
    key (a recipient, a BCC, a subject) makes the answer invalid."""

    model_config = ConfigDict(extra="forbid")

    prose: str = Field(
        max_length=1200,
        description="One short paragraph placed between the greeting and the table of "
        "discrepancies; empty when there is nothing to add.",
    )


_GREETING_OR_SIGN_OFF = re.compile(
    r"^\s*(dear|hello|hi)\b|\b(kind|best|warm) regards\b|\bsincerely\b", re.IGNORECASE
)


def _prose_only(inputs: DraftEmailInputs, output: DraftEmail) -> None:
    # The composed email greets and signs already; a second greeting reads as a broken letter.
    # (What the prose must not say, an address, a figure, a link, is for the guardrails.)
    if _GREETING_OR_SIGN_OFF.search(output.prose):
        raise ValueError("the prose must not greet or sign off: the email already does")


DRAFT_EMAIL = declare(
    Task(
        name="exception.draft_email",
        agent="exception",
        prompt_file="exception.draft_email.v2.txt",
        inputs=DraftEmailInputs,
        output=DraftEmail,
        max_output_tokens=700,
        check=_prose_only,
    )
)


# --- guardrails.review_email: a model's second reading of an outbound email --------------------


class ReviewEmailInputs(Inputs):
    vendor_name: str
    subject: str
    body: str


class EmailReview(BaseModel):
    """Whether the email is safe to send to the vendor; the verdict can only block."""

    safe: bool
    reason: str = Field(default="", max_length=500)
    quote: str = Field(default="", max_length=500, description="The offending text, verbatim.")


REVIEW_EMAIL = declare(
    Task(
        name="guardrails.review_email",
        agent="guardrails",
        prompt_file="guardrails.review_email.v1.txt",
        inputs=ReviewEmailInputs,
        output=EmailReview,
        max_output_tokens=200,
    )
)


# --- validation.match_descriptions: is this invoice line that PO line? -----------------------


class MatchDescriptionsInputs(Inputs):
    invoice_description: str
    po_description: str


class DescriptionMatch(BaseModel):
    matches: bool
    confidence: float = Field(ge=0, le=1)
    reason: str = Field(max_length=500)


MATCH_DESCRIPTIONS = declare(
    Task(
        name="validation.match_descriptions",
        agent="validation",
        prompt_file="validation.match_descriptions.v1.txt",
        inputs=MatchDescriptionsInputs,
        output=DescriptionMatch,
        max_output_tokens=150,
    )
)


# --- validation.pair_line: which of the plausible PO lines is this invoice line? ---------------


class PairOption(BaseModel):
    model_config = ConfigDict(extra="forbid")

    line_no: int = Field(ge=1, description="The purchase order line's number.")
    description: str = Field(max_length=500)


class PairLineInputs(Inputs):
    invoice_description: str = Field(max_length=500, description="As printed on the invoice.")
    options: list[PairOption] = Field(
        min_length=2, max_length=10, description="The order lines code found plausible."
    )


class LinePairing(BaseModel):
    po_line_no: int | None = Field(
        description="The line_no of the chosen option, or null to leave it to a person."
    )
    reason: str = Field(default="", max_length=300)


def _one_of_the_options(inputs: PairLineInputs, answer: LinePairing) -> None:
    offered = [option.line_no for option in inputs.options]
    if answer.po_line_no is not None and answer.po_line_no not in offered:
        raise ValueError(
            f"po_line_no {answer.po_line_no} is not one of the options {offered}; answer one of "
            "them or null"
        )


# Asked only when code finds several plausible PO lines for an invoice line and none clearly
# best (agents.validation.rules.match_lines); its answer can only pick one of them.
PAIR_LINE = declare(
    Task(
        name="validation.pair_line",
        agent="validation",
        prompt_file="validation.pair_line.v1.txt",
        inputs=PairLineInputs,
        output=LinePairing,
        max_output_tokens=120,
        check=_one_of_the_options,
    )
)
