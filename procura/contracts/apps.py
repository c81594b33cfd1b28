from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "procura.contracts"
    label = "contracts"
    verbose_name = "Contracts: framework agreements and contracts after signature"
