"""The scheduler's schedule lives in code (no Redis state): loading it registers the jobs."""
from rq.cron import CronScheduler


def test_it_schedules_the_sweeper_and_the_source_poll_from_settings(settings):
    scheduler = CronScheduler(connection=None)

    scheduler.load_config_from_file("agents.orchestrator.cron")

    jobs = {job.func_name: job for job in scheduler.get_jobs()}
    sweep = jobs["agents.orchestrator.jobs.sweep"]
    assert (sweep.queue_name, sweep.interval) == ("maintenance", settings.SWEEPER_INTERVAL_SECONDS)
    poll = jobs["procurement.sources.jobs.poll_sources"]
    assert poll.interval == settings.SOURCES_POLL_SECONDS
