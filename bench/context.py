"""Tokens sent per invoice: our declared-field prompts versus one big prompt for every agent.

Usage:
    python bench/context.py [PDF]

Ours: the gateway's real prompts for one invoice: intake.read_fields once (the page text and the
three fields the rules were unsure of), validation.match_descriptions once per invoice line, and
exception.draft_email once (two discrepancies). The naive baseline makes the same calls, but each
sends the whole invoice text, the history of every earlier call and answer, the instructions and
output schemas of every task, and every tool schema in the registry. Token counts are the
gateway's own estimate (tiktoken cl100k, offline).
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
LINES = 4


def invoice_text(pdf: Path | None) -> tuple[str, str]:
    pdfs = sorted((REPO.parent / "shared/invoices/pdfs").glob("*.pdf"))
    pdf = pdf or (pdfs[0] if pdfs else None)
    if pdf and pdf.exists():
        import pdfplumber

        with pdfplumber.open(pdf) as document:
            return pdf.name, "\n".join(page.extract_text() or "" for page in document.pages)
    rows = "\n".join(f"{i}  Bolt M8 x {i}0 zinc  100  EA  0.4{i}  4{i}.00" for i in range(1, 9))
    return "synthetic", f"ACME FASTENERS GMBH\nINVOICE INV-1001\nPO PO-4500\n{rows}\nTOTAL 1,240.00"


def every_tool_schema() -> list[dict]:
    try:
        from agents.tools.registry import registry
    except ImportError:
        return []
    return [
        {"type": "function", "function": {"name": tool.function_name,
                                          "description": tool.description,
                                          "parameters": tool.input_model.model_json_schema()}}
        for tool in registry.all()
    ]


def main() -> int:
    import django

    django.setup()
    from agents.llm.gateway import LLMClient
    from agents.llm.tasks import DRAFT_EMAIL, MATCH_DESCRIPTIONS, READ_FIELDS, TASKS
    from agents.llm.tokens import estimate_prompt_tokens

    name, text = invoice_text(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
    calls = [
        (READ_FIELDS, {"page_text": text,
                       "unsure_fields": ["invoice_date", "due_date", "po_number"]}),
        *[(MATCH_DESCRIPTIONS, {"invoice_description": f"Bolt M8 x {i}0 zinc plated",
                                "po_description": f"BOLT M8X{i}0 ZN"}) for i in range(LINES)],
        (DRAFT_EMAIL, {
            "vendor_name": "Acme Fasteners GmbH", "contact_name": "Petra Vogel",
            "account_manager_name": "Sam Lee", "invoice_number": "INV-1001",
            "po_number": "PO-4500", "currency": "EUR", "invoice_total": "1,240.00",
            "discrepancies": [
                {"kind": "price", "description": "Unit price of line 2", "expected": "0.40",
                 "actual": "0.46", "difference": "60.00"},
                {"kind": "quantity", "description": "Quantity of line 3", "expected": "100",
                 "actual": "120", "difference": "8.00"},
            ],
        }),
    ]
    tools = every_tool_schema()
    all_instructions = "\n\n".join(task.instructions for task in TASKS.values())
    all_schemas = [task.output.model_json_schema() for task in TASKS.values()]

    ours = naive = 0
    history: list[dict] = []
    for task, inputs in calls:
        client = LLMClient(agent=task.agent)
        messages = client._prompt(task, client._validate_inputs(task, inputs))
        ours += estimate_prompt_tokens(messages, extra=[client._response_format(task)])

        question = {"role": "user", "content": json.dumps(
            {"task": task.name, "invoice_text": text, **inputs})}
        big = [{"role": "system", "content": all_instructions}, *history, question]
        naive += estimate_prompt_tokens(big, extra=[*all_schemas, *tools])
        history += [question, {"role": "assistant", "content": json.dumps(
            task.output.model_json_schema())[:400]}]  # stands in for the answer

    print(f"invoice: {name} ({len(text)} characters), {len(calls)} LLM calls "
          f"(1 read_fields, {LINES} match_descriptions, 1 draft_email), "
          f"{len(tools)} tool schemas in the registry")
    print(f"ours (declared fields only): {ours} prompt tokens per invoice")
    print(f"naive (everything, every call): {naive} prompt tokens per invoice")
    print(f"naive / ours = {naive / ours:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
