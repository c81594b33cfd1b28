from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "procura.accounts"
    label = "accounts"
    verbose_name = "Organisations and people"

    def ready(self):
        from procura.audit.registry import register_timeline

        from . import permissions

        register_timeline("accounts.organisation", permissions.access_organisation)
        register_timeline("accounts.user", permissions.access_user)
