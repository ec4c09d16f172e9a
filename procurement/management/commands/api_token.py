from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from procurement.cases.tokens import api_token_create


class Command(BaseCommand):
    help = "Make a new API token for a person; prints it once, as the last line."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="Where the token will be used.")

    def handle(self, *args, username: str, name: str, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no user {username!r}.")
        if not user.is_active:
            raise CommandError(f"{username} is not an active user.")
        issued = api_token_create(user=user, name=name)
        # Only the token on stdout, so `TOKEN=$(manage.py api_token carla)` works.
        self.stderr.write(
            f"Token {issued.token.prefix}… for {username}; store it now, it is not shown again. "
            "Revoke it in the admin (API tokens)."
        )
        self.stdout.write(issued.raw)
