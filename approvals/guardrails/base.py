"""The guardrail registry: one small base class, one verdict type."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from approvals.guardrails.facts import CaseFacts


@dataclass(frozen=True)
class Draft:
    """Exactly what would go out. Rules read only this and the case's facts."""

    to: str
    subject: str
    body: str
    cc: tuple[str, ...] = ()
    bcc: tuple[str, ...] = ()
    workflow_id: int | None = None

    @property
    def text(self) -> str:
        return f"{self.subject}\n{self.body}"


@dataclass(frozen=True)
class Verdict:
    rule: str
    passed: bool
    evidence: str
    # The exact text that failed the rule, so a person sees what to remove.
    offending: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


class Rule:
    """A guardrail. Subclasses set `name` and `description` and implement `problems()`."""

    name: ClassVar[str]
    description: ClassVar[str]

    def check(self, draft: Draft, facts: CaseFacts) -> Verdict:
        problems = self.problems(draft, facts)
        if not problems:
            return Verdict(self.name, True, self.passed_evidence(draft, facts))
        return Verdict(
            self.name,
            False,
            "; ".join(why for why, _ in problems),
            offending=list(dict.fromkeys(text for _, text in problems if text)),
        )

    def problems(self, draft: Draft, facts: CaseFacts) -> list[tuple[str, str]]:
        """(why, offending text) for each thing wrong; empty when the draft passes."""
        raise NotImplementedError

    def passed_evidence(self, draft: Draft, facts: CaseFacts) -> str:
        return self.description


REGISTRY: dict[str, Rule] = {}


def register(rule_class: type[Rule]) -> type[Rule]:
    if rule_class.name in REGISTRY:
        raise ValueError(f"guardrail {rule_class.name} is registered twice")
    REGISTRY[rule_class.name] = rule_class()
    return rule_class


def run_guardrails(draft: Draft, facts: CaseFacts) -> list[Verdict]:
    """Every rule, in registration order. A rule that crashes blocks (fail closed)."""
    verdicts = []
    for rule in REGISTRY.values():
        try:
            verdicts.append(rule.check(draft, facts))
        except Exception as exc:  # noqa: BLE001 - an unchecked email must not pass
            verdicts.append(Verdict(rule.name, False, f"the rule could not run: {exc!r}"))
    return verdicts
