from django.db import models


class ParticipationEvent(models.TextChoices):
    AGREEMENT_ISSUED = "participation.agreement_issued", "Agreement issued"
    INTEREST_EXPRESSED = "participation.interest_expressed", "Interest expressed"
    AGREEMENT_ACCEPTED = "participation.agreement_accepted", "Agreement accepted"
    ADMITTED = "participation.admitted", "Admitted to the procurement documents"


SENTENCES = {
    ParticipationEvent.AGREEMENT_ISSUED: "{actor} issued version {version} of the {kind}.",
    ParticipationEvent.INTEREST_EXPRESSED: "{actor} expressed interest for {supplier}.",
    ParticipationEvent.AGREEMENT_ACCEPTED: (
        "{actor} accepted version {version} of the {kind} for {supplier}."
    ),
    ParticipationEvent.ADMITTED: "{supplier} accepted every agreement and may see the documents.",
}
