from django.core.management.base import BaseCommand, CommandError

from agents.tools.manifests import AGENTS
from agents.tools.services import agent_token_create


class Command(BaseCommand):
    help = "Create a bearer token for an agent that calls the tools over HTTP; prints it once."

    def add_arguments(self, parser):
        parser.add_argument("agent", choices=AGENTS)
        parser.add_argument("--name", default="", help="Where the token will be used.")
        parser.add_argument("--rate-limit", default="", help="e.g. 60/minute (default: setting).")

    def handle(self, *args, agent: str, name: str, rate_limit: str, **options):
        from django.core.exceptions import ValidationError

        try:
            issued = agent_token_create(agent=agent, name=name, rate_limit=rate_limit)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        # Only the token on stdout, so `TOKEN=$(manage.py create_agent_token intake)` works.
        self.stderr.write(f"Token {issued.token.prefix}… for the {agent} agent; store it now.")
        self.stdout.write(issued.raw)
