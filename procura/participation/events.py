from django.db import models


class ParticipationEvent(models.TextChoices):
    AGREEMENT_ISSUED = "participation.agreement_issued", "Agreement issued"
    INTEREST_EXPRESSED = "participation.interest_expressed", "Interest expressed"
    AGREEMENT_ACCEPTED = "participation.agreement_accepted", "Agreement accepted"
    ADMITTED = "participation.admitted", "Admitted to the procurement documents"
    DOCUMENT_UPLOADED = "participation.document_uploaded", "Procurement document uploaded"
    QUESTIONNAIRE_CHANGED = "participation.questionnaire_changed", "Questionnaire changed"
    RESPONSE_SAVED = "participation.response_saved", "Request to participate saved as a draft"
    RESPONSE_SUBMITTED = "participation.response_submitted", "Request to participate submitted"
    RESPONSE_ASSESSED = "participation.response_assessed", "Request to participate assessed"
    EXCLUSION_DECIDED = "participation.exclusion_decided", "Exclusion decision recorded"
    SHORTLIST_DECIDED = "participation.shortlist_decided", "Shortlist decided"
    INVITED_TO_TENDER = "participation.invited_to_tender", "Shortlisted suppliers invited to tender"
    WITHDRAWN = "participation.withdrawn", "Supplier withdrew from the procurement"
    DOCUMENT_DOWNLOADED = "participation.document_downloaded", "Procurement document downloaded"


SENTENCES = {
    ParticipationEvent.AGREEMENT_ISSUED: "{actor} issued version {version} of the {kind}.",
    ParticipationEvent.INTEREST_EXPRESSED: "{actor} expressed interest for {supplier}.",
    ParticipationEvent.AGREEMENT_ACCEPTED: (
        "{actor} accepted version {version} of the {kind} for {supplier}."
    ),
    ParticipationEvent.ADMITTED: "{supplier} accepted every agreement and may see the documents.",
    ParticipationEvent.DOCUMENT_UPLOADED: "{actor} uploaded version {version} of {title}.",
    ParticipationEvent.QUESTIONNAIRE_CHANGED: (
        "{actor} changed the conditions of participation questionnaire ({count} questions)."
    ),
    ParticipationEvent.RESPONSE_SAVED: (
        "{actor} saved a draft request to participate for {supplier}."
    ),
    ParticipationEvent.RESPONSE_SUBMITTED: (
        "{actor} submitted the request to participate for {supplier} (receipt {receipt})."
    ),
    ParticipationEvent.RESPONSE_ASSESSED: (
        "{actor} recorded the assessment of the request to participate from {supplier}."
    ),
    ParticipationEvent.EXCLUSION_DECIDED: "{actor} decided about {supplier}: {outcome}.",
    ParticipationEvent.SHORTLIST_DECIDED: (
        "{actor} shortlisted {shortlisted_count} suppliers; {not_shortlisted_count} were not "
        "shortlisted."
    ),
    ParticipationEvent.INVITED_TO_TENDER: (
        "{actor} invited the shortlisted suppliers to tender by {tender_deadline_text}."
    ),
    ParticipationEvent.WITHDRAWN: "{actor} withdrew {supplier} from the procurement.",
    ParticipationEvent.DOCUMENT_DOWNLOADED: (
        "{actor} downloaded version {version} of {title} ({file_name})."
    ),
}
