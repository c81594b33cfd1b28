from django.db import models


class ContractEvent(models.TextChoices):
    ENTERED_INTO = "contracts.entered_into", "Contract entered into"
    FRAMEWORK_CREATED = "contracts.framework_created", "Framework agreement recorded"
    CONTRACT_CREATED = "contracts.contract_created", "Contract recorded"


SENTENCES = {
    ContractEvent.ENTERED_INTO: "{actor} recorded that {agreement} was signed on {date_signed}.",
    ContractEvent.FRAMEWORK_CREATED: (
        "{actor} recorded the framework agreement with {suppliers}; UK7 due by {uk7_due}."
    ),
    ContractEvent.CONTRACT_CREATED: (
        "{actor} recorded the contract with {supplier}; UK7 due by {uk7_due}."
    ),
}
