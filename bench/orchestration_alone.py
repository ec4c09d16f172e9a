"""The orchestrator's own CPU per workflow, with agents that do nothing but report their outcome.

Usage:
    python bench/orchestration_alone.py [-n 300] [--rounds 5] [--sql]

Two agents registered under intake's and validation's names emit DocumentParsed and
InvoiceValidated and nothing else, and N workflows run through them in this process with no
Redis (each job right after the commit that enqueued it: the same service code a worker runs,
without rq). What is left is the orchestration: starting the workflow (as `ingest` does), the
claim, the write phase's lock and lease check, the completion, the events, the workflow's moves,
the case's creation and updates, the next step, the commits and the heartbeat. No PDF is parsed
and nothing is validated, so the figure moves much less from run to run than bench/pipeline.py's
end-to-end overhead, and a change to the orchestrator shows at once. rq's own work per job
(dequeue, job hash, registries) is not in it.

Prints the SQL statements of one workflow (all of them with --sql), and CPU milliseconds per
workflow in each of --rounds rounds with their median. Uses the bench database
(DATABASE_URL, default postgres://postgres@localhost:5432/pt_bench), which it empties first.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from statistics import median

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import bench_environment, reset_database_and_redis  # noqa: E402 - bench/ on path

REDIS_DB = 11


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=300, help="workflows per round (default 300)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--sql", action="store_true", help="print one workflow's statements")
    args = parser.parse_args()
    for name, value in {
        "DEBUG": "false", "SECRET_KEY": "bench-only-not-secret", "ALLOWED_HOSTS": "localhost",
    }.items():
        os.environ.setdefault(name, value)
    bench_environment(REDIS_DB, LLM_PROVIDER="rules")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings

    from agents.orchestrator.registry import StepResult, register
    from agents.orchestrator.services import workflow_start
    from procurement.services import document_store

    def intake(ctx):
        ctx.emit("DocumentParsed", {"pages": 1})
        return StepResult()

    def validation(ctx):
        ctx.emit("InvoiceValidated", {})
        return StepResult()

    register("intake", intake, queue="llm", timeout=30, max_attempts=3)
    register("validation", validation, queue="steps", timeout=30, max_attempts=3)
    reset_database_and_redis()

    def documents(count: int) -> list:
        return [
            document_store(
                content=f"%PDF-1.4 bench {n} {time.time_ns()}".encode(),
                filename=f"bench-{n}.pdf", source="cli",
            ).document
            for n in range(count)
        ]

    with override_settings(REDIS_URL=""):
        for document in documents(20):  # warm: imports, compiled statements, connections
            workflow_start(document=document)
        document = documents(1)[0]
        with CaptureQueriesContext(connection) as captured:
            workflow_start(document=document)
        print(f"{len(captured)} SQL statements per workflow of 2 steps")
        if args.sql:
            for query in captured.captured_queries:
                print("   ", query["sql"][:150])
        figures = []
        for _ in range(args.rounds):
            batch = documents(args.n)  # storing is not counted
            started = time.process_time()
            for document in batch:
                workflow_start(document=document)
            figures.append(1000 * (time.process_time() - started) / args.n)
    print(f"CPU per workflow (ms): median {median(figures):.2f}; rounds "
          + " ".join(f"{figure:.2f}" for figure in figures))


if __name__ == "__main__":
    main()
