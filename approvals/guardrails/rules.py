"""The guardrail rules. Each is small, reads only the draft and the case's facts, and says why.

Order is the order a person reads the verdicts in: who receives it, what it gives away, what it
links to, whether its figures are real, whether it echoes an instruction, and (optionally) what a
model thinks of it.
"""
from __future__ import annotations

import re

from django.conf import settings

from approvals.guardrails.base import Draft, Rule, register
from approvals.guardrails.facts import CaseFacts, as_amount, domain_of

_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_COPY_HEADER = re.compile(r"(?im)^\s*(bcc|cc|to)\s*:.*$|\bbcc\b[^\n]*")


@register
class Recipients(Rule):
    name = "recipients"
    description = (
        "To is a contact of the vendor on file (or one of its registered domains); CC only our "
        "own addresses; no BCC; no other address named in the text."
    )

    def problems(self, draft: Draft, facts: CaseFacts) -> list[tuple[str, str]]:
        found = []
        if not facts.is_vendor_address(draft.to):
            found.append((f"{draft.to} is not a contact of {facts.vendor_name or 'the vendor'} "
                          "on file", draft.to))
        for address in draft.cc:
            if not facts.is_internal_address(address):
                found.append((f"CC {address} is not one of our own addresses", address))
        for address in draft.bcc:
            found.append((f"BCC {address}: no email goes out with a blind copy", address))
        if "\n" in draft.subject or "\r" in draft.subject:
            found.append(("the subject has a line break (a way to add hidden headers)",
                          draft.subject))
        for match in _COPY_HEADER.finditer(draft.body):
            found.append(("the text asks for a copy to be sent (CC/BCC)", match.group(0).strip()))
        allowed = {draft.to.lower(), *(c.lower() for c in draft.cc)}
        for address in _ADDRESS.findall(draft.text):
            lowered = address.lower()
            if lowered in allowed or facts.is_internal_address(lowered):
                continue
            if lowered in facts.contact_emails:
                continue
            found.append((f"the text names {address}, which is not an address on file", address))
        return found

    def passed_evidence(self, draft: Draft, facts: CaseFacts) -> str:
        cc = f"; CC {', '.join(draft.cc)} (internal)" if draft.cc else ""
        return f"To {draft.to}, a contact of {facts.vendor_name or 'the vendor'} on file{cc}."


_CARD_RUN = re.compile(r"(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)")
_CREDENTIAL = re.compile(
    r"(?i)\b(password|passwort|passcode|pass ?word|pwd|api[ _-]?key|secret|access token|"
    r"token|pin|login|username|user name)\b\s*(is\b|[:=])\s*\S+"
)


def luhn_ok(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def mask_account(value: str) -> str:
    """Only the last four characters: enough for the contact on file to recognise the account."""
    compact = re.sub(r"\s", "", value)
    return f"ending {compact[-4:]}" if len(compact) > 4 else "(masked)"


@register
class Secrets(Rule):
    name = "secrets"
    description = "No unmasked IBAN or account number, card number, password or other credential."

    def problems(self, draft: Draft, facts: CaseFacts) -> list[tuple[str, str]]:
        # The extraction package is heavy to import; web pages that never check an email should
        # not load it.
        from agents.intake.extraction.ids import find_ibans

        found = []
        text = draft.text
        for _iban, checksum_ok, start, end in find_ibans(text):
            if checksum_ok:
                found.append(("an unmasked IBAN", text[start:end]))
        compact = re.sub(r"[\s-]", "", text.upper())
        for account in facts.account_numbers:
            if len(account) >= 6 and account in compact:
                found.append((f"a full account number on file ({mask_account(account)})",
                              mask_account(account)))
        for match in _CARD_RUN.finditer(text):
            digits = re.sub(r"\D", "", match.group(0))
            if 13 <= len(digits) <= 19 and luhn_ok(digits):
                found.append(("a payment card number", match.group(0).strip()))
        for match in _CREDENTIAL.finditer(text):
            found.append((f"what reads as a credential ({match.group(1)})", match.group(0)))
        return found


_URL = re.compile(r"(?i)\b(?:https?://|ftp://|www\.)[^\s<>\"')\]]+")
_IMAGE = re.compile(r"(?i)!\[[^\]]*\]\([^)]*\)|<\s*img\b[^>]*>?|data:image/\S+|\bcid:\S+")
_HTML = re.compile(r"(?i)<\s*/?\s*(script|style|iframe|a|p|div|span|html|body|table|form|"
                   r"input|object|embed|link|meta|br|b|i|u|font)\b[^>]*>|javascript:|\bon\w+\s*=")


@register
class LinksAndMarkup(Rule):
    name = "links_and_markup"
    description = (
        "Plain text only: no HTML or script, no images, links only to allow-listed domains."
    )

    def problems(self, draft: Draft, facts: CaseFacts) -> list[tuple[str, str]]:
        found = []
        text = draft.text
        for match in _IMAGE.finditer(text):
            found.append(("an image (a tracking pixel can tell a sender we read it)",
                          match.group(0)))
        for match in _HTML.finditer(text):
            found.append(("HTML or script in a plain-text email", match.group(0)))
        allowed = {d.lower() for d in settings.APPROVALS_LINK_DOMAINS}
        for match in _URL.finditer(text):
            url = match.group(0)
            host = re.sub(r"(?i)^(?:https?://|ftp://)", "", url).split("/")[0].split(":")[0]
            host = domain_of(host).lower()
            if not any(host == d or host.endswith(f".{d}") for d in allowed):
                found.append((f"a link to {host}, which is not an allow-listed domain", url))
        return found


# Amounts: a number with decimals or thousands separators, or one next to a currency.
_CURRENCY = r"(?:EUR|USD|GBP|CHF|SEK|NOK|DKK|PLN|CZK|JPY|€|\$|£)"
_AMOUNT = re.compile(
    rf"(?<![\w.,-])(?:{_CURRENCY}\s?)?(\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+\.\d+)(?![\w-])"
    rf"|(?:{_CURRENCY}\s?(\d+))(?![\w.,])|(?<![\w.,-])(\d+)\s?{_CURRENCY}"
)
# Document numbers: letters and digits joined, like INV-2024-0042, PO4500123, ACM-INV-10502.
_DOC_NUMBER = re.compile(r"(?<![\w-])(?=[\w/-]*\d)(?=[\w/-]*[A-Za-z])[A-Za-z0-9][\w/-]{3,}\b")


@register
class FactsOnly(Rule):
    name = "facts_only"
    description = "Every amount and document number in the text is one of the case's own figures."

    def problems(self, draft: Draft, facts: CaseFacts) -> list[tuple[str, str]]:
        found = []
        text = draft.text
        for known in sorted(facts.known_texts, key=len, reverse=True):
            text = text.replace(known, " ")
        for match in _AMOUNT.finditer(text):
            raw = next(group for group in match.groups() if group)
            value = as_amount(raw)
            if value is not None and value not in facts.amounts:
                found.append((f"{raw} is not an amount of this case", match.group(0).strip()))
        for match in _DOC_NUMBER.finditer(text):
            token = match.group(0)
            upper = token.upper()
            if not re.search(r"\d{2,}", token) or re.fullmatch(r"[A-Z]{1,3}\d{1,2}", upper):
                continue  # "M8", "A4", "Q3": sizes and words, not document numbers
            if upper in facts.document_numbers or _is_masked_or_date(token):
                continue
            found.append((f"{token} is not a document number of this case", token))
        return found


def _is_masked_or_date(token: str) -> bool:
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}", token))


# Phrases that address a reader as an instruction: what an invoice carrying a prompt injection
# says, and what no letter from us to a vendor ever needs to say.
_INSTRUCTIONS = re.compile(
    r"(?i)("
    r"ignore (?:all |any )?(?:the )?(?:previous|prior|above|earlier|preceding) (?:instructions|"
    r"messages|rules|prompts?)"
    r"|disregard (?:all |any |the )?(?:previous |prior |above )?(?:instructions|rules|prompts?)"
    r"|(?:send|forward) (?:a )?cop(?:y|ies)(?: of [^.\n]{0,40})? to"
    r"|forward (?:this|the) (?:email|message|invoice)"
    r"|(?:our|the|a) new (?:bank(?: account| details)?|account(?: number)?|iban|payment details)"
    r"|(?:update|change) (?:your|the|our) (?:bank|payment|remittance) (?:details|account|records)"
    r"|pay (?:it |this )?(?:in)?to (?:the |this |our )?(?:following|new) account"
    r"|system prompt|you are now\b|as an ai\b|new instructions"
    r")"
)


@register
class NoEchoedInstructions(Rule):
    name = "no_echoed_instructions"
    description = (
        "Nothing that reads as an instruction (\"ignore previous instructions\", \"send a copy "
        "to\", \"our new bank account\"), whether it came from the invoice's text (visible, "
        "white or tiny) or not."
    )

    def problems(self, draft: Draft, facts: CaseFacts) -> list[tuple[str, str]]:
        found = []
        for match in _INSTRUCTIONS.finditer(draft.text):
            sentence = _sentence_around(draft.text, match.start(), match.end())
            origin = (
                " copied from the invoice's own text"
                if any(match.group(0).lower() in t.lower() for t in facts.invoice_texts)
                else ""
            )
            found.append((f"an instruction{origin}: \"{match.group(0)}\"", sentence))
        return found


def _sentence_around(text: str, start: int, end: int) -> str:
    left = max(text.rfind(mark, 0, start) for mark in (".", "\n", "!", "?")) + 1
    rights = [i for i in (text.find(mark, end) for mark in (".", "\n", "!", "?")) if i != -1]
    right = min(rights) + 1 if rights else len(text)
    return text[left:right].strip()


@register
class SecondOpinion(Rule):
    """A model reads the draft too (APPROVALS_LLM_SECOND_OPINION). It can only block: when it
    finds nothing, or is off, this verdict passes and the other rules decide."""

    name = "llm_second_opinion"
    description = "A language model's second reading (off unless APPROVALS_LLM_SECOND_OPINION)."

    def problems(self, draft: Draft, facts: CaseFacts) -> list[tuple[str, str]]:
        if not settings.APPROVALS_LLM_SECOND_OPINION:
            return []
        from agents.llm.gateway import LLMClient
        from agents.llm.tasks import REVIEW_EMAIL

        review = LLMClient(agent="guardrails", workflow_id=draft.workflow_id).structured(
            REVIEW_EMAIL,
            {"vendor_name": facts.vendor_name, "subject": draft.subject, "body": draft.body},
        )
        if review.safe:
            return []
        return [(f"the model's second reading: {review.reason}", review.quote)]

    def passed_evidence(self, draft: Draft, facts: CaseFacts) -> str:
        if not settings.APPROVALS_LLM_SECOND_OPINION:
            return "Off (APPROVALS_LLM_SECOND_OPINION is not set)."
        return "The model found nothing to object to."
