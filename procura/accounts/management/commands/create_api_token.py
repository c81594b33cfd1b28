from django.core.management.base import BaseCommand, CommandError

from procura.accounts import services
from procura.accounts.models import User


class Command(BaseCommand):
    help = "Create an API bearer token for USERNAME and print it (it is shown only once)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="Command-line token")

    def handle(self, *args, username, name, **options):
        try:
            user = User.objects.get(username=username, is_active=True)
        except User.DoesNotExist as error:
            raise CommandError(f"No active user is called {username}.") from error
        _token, raw = services.create_api_token(actor=None, user=user, name=name)
        self.stdout.write(raw)
