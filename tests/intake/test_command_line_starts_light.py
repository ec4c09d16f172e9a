"""`manage.py extract_invoice` loads neither the web server stack nor what only pages and the LLM
need, while `runserver` stays Daphne's (websockets in `make run`)."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Start Django as manage.py does, load the command as `manage.py extract_invoice` would, and list
# which of the heavy modules came along.
SCRIPT = """
import sys, django
django.setup()
from django.core.management import get_commands, load_command_class
load_command_class(get_commands()["extract_invoice"], "extract_invoice")
heavy = ("twisted", "daphne.server", "autobahn", "limits", "agents.llm.rules", "openai")
print(" ".join(name for name in heavy if name in sys.modules) or "none")
print(get_commands()["runserver"])
"""


def _run(script: str) -> list[str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split("\n")


def test_it_starts_without_the_web_server_stack_or_the_llm():
    loaded, _ = _run(SCRIPT)[:2]
    assert loaded == "none"


def test_it_keeps_runserver_daphnes():
    _, runserver_app = _run(SCRIPT)[:2]
    assert runserver_app == "config.webserver"
    loaded = _run(
        "import django; django.setup()\n"
        "from django.core.management import get_commands, load_command_class\n"
        "command = load_command_class(get_commands()['runserver'], 'runserver')\n"
        "print(type(command).__module__)\n"
    )[0]
    assert loaded == "daphne.management.commands.runserver"
