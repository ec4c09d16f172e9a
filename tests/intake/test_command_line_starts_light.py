"""`manage.py extract_invoice` reads a file without loading the web server stack, the job queue or
the LLM (issue 13, "A fast command-line reader"), while `runserver` stays Daphne's (websockets in
`make run`) and `rqworker`/`rqcron` stay django-rq's.

Guarded by what is imported, not by a stopwatch: the machine running the tests may be loaded.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

from django.core.management import get_commands, load_command_class

from tests.intake.test_extract_invoice_command import _invoice_pdf

ROOT = Path(__file__).resolve().parents[2]

# Each costs start-up time and none is needed to read a PDF: Daphne/Twisted/uvicorn serve pages,
# redis/rq/django_rq carry jobs (redis also imports `cryptography`), channels' layers carry
# websocket messages, ninja serves the API, openai/httpx/limits/the rules talk to or stand in
# for an LLM, rapidfuzz matches names against what is on file.
HEAVY = (
    "daphne", "twisted", "autobahn", "uvicorn",
    "redis", "rq", "django_rq", "cryptography",
    "channels.layers", "channels.routing", "channels_redis",
    "ninja", "openai", "httpx", "limits", "agents.llm.rules", "rapidfuzz",
)

# manage.py as a user runs it; at exit (also after SystemExit) the names of every module loaded
# go to the file named by the first argument.
WRAPPER = """
import atexit, json, runpy, sys
out, sys.argv = sys.argv[1], sys.argv[2:]
atexit.register(lambda: open(out, "w").write(json.dumps(sorted(sys.modules))))
sys.path.insert(0, ".")
runpy.run_path("manage.py", run_name="__main__")
"""


def test_it_reads_a_file_without_the_web_server_the_job_queue_or_the_llm(tmp_path):
    pdf = _invoice_pdf(tmp_path / "inv.pdf")
    modules_file = tmp_path / "modules.json"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER, str(modules_file), "manage.py", "extract_invoice",
         str(pdf)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )

    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["invoice_number"] == "INV-2026-0042"
    loaded = set(json.loads(modules_file.read_text()))
    assert "agents.intake.extraction" in loaded  # the wrapper saw the command's own imports
    assert sorted(name for name in HEAVY if name in loaded) == []


def test_it_keeps_runserver_daphnes():
    # In a child process: importing Daphne's server installs Twisted's reactor for good.
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n"
         "from django.core.management import get_commands, load_command_class\n"
         "app = get_commands()['runserver']\n"
         "print(app, type(load_command_class(app, 'runserver')).__module__)\n"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["config.webserver", "daphne.management.commands.runserver"]


def test_it_keeps_the_job_queue_commands_django_rqs():
    for name in ("rqworker", "rqcron", "rqstats", "rqworker-pool"):
        assert get_commands()[name] == "config.jobqueue", name
        command = load_command_class("config.jobqueue", name)
        assert type(command).__module__ == f"django_rq.management.commands.{name}", name
