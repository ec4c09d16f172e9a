"""rq job entry points. Each takes ids only, loads fresh state and calls a service."""
from __future__ import annotations


def run_step(step_id: int) -> str:
    from agents.orchestrator.execution import step_run

    return step_run(step_id=step_id)


def sweep() -> dict:
    from agents.orchestrator.sweeper import sweep as run_sweep

    return run_sweep().as_dict()
