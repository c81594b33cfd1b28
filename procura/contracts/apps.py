from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "procura.contracts"
    label = "contracts"
    verbose_name = "Contracts: framework agreements and contracts after signature"

    def ready(self):
        from procura.audit import event_types
        from procura.audit.registry import register_timeline

        from . import events, permissions

        event_types.register(events.ContractEvent, events.SENTENCES)
        register_timeline("contracts.frameworkagreement", permissions.access_framework)
        register_timeline("contracts.contract", permissions.access_contract)
