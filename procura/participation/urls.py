"""Pages under /procurements/<id>/participate/ (suppliers) and /procurements/<id>/participation/
(the authority's staff)."""

from django.urls import path

from . import views

app_name = "participation"

SUPPLIER = "<int:procurement_id>/participate/"
BUYER = "<int:procurement_id>/participation/"

urlpatterns = [
    # The supplier's task list: 1 agreements, 2 documents, 3 questionnaire, 4 outcome
    path(SUPPLIER, views.task_list, name="task-list"),
    path(f"{SUPPLIER}interest/", views.express_interest, name="express-interest"),
    path(f"{SUPPLIER}agreements/", views.agreements, name="agreements"),
    path(
        f"{SUPPLIER}agreements/<int:agreement_id>/accept/",
        views.accept_agreement,
        name="accept-agreement",
    ),
    path(f"{SUPPLIER}documents/", views.documents, name="documents"),
    path(f"{SUPPLIER}questionnaire/", views.questionnaire, name="questionnaire"),
    path(
        f"{SUPPLIER}questionnaire/files/<int:question_id>/",
        views.own_answer_file,
        name="own-answer-file",
    ),
    path(
        f"{SUPPLIER}questionnaire/financial-evidence/",
        views.own_financial_evidence,
        name="own-financial-evidence",
    ),
    path(f"{SUPPLIER}check/", views.check_answers, name="check"),
    path(f"{SUPPLIER}receipt/", views.receipt, name="receipt"),
    path(f"{SUPPLIER}outcome/", views.outcome, name="outcome"),
    path(f"{SUPPLIER}withdraw/", views.withdraw, name="withdraw"),
    # A procurement document, for the authority's staff or an admitted supplier
    path(
        f"{BUYER}documents/<int:document_id>/download/",
        views.download_document,
        name="download-document",
    ),
    # The authority's pages
    path(BUYER, views.buyer_overview, name="buyer-overview"),
    path(f"{BUYER}agreements/", views.buyer_agreements, name="buyer-agreements"),
    path(f"{BUYER}documents/", views.buyer_documents, name="buyer-documents"),
    path(f"{BUYER}questionnaire/", views.buyer_questionnaire, name="buyer-questionnaire"),
    path(
        f"{BUYER}questionnaire/<int:question_id>/remove/",
        views.buyer_remove_question,
        name="buyer-remove-question",
    ),
    path(f"{BUYER}responses/", views.buyer_responses, name="buyer-responses"),
    path(
        f"{BUYER}responses/<int:participant_id>/",
        views.buyer_response,
        name="buyer-response",
    ),
    path(
        f"{BUYER}responses/<int:participant_id>/files/<int:question_id>/",
        views.buyer_answer_file,
        name="buyer-answer-file",
    ),
    path(
        f"{BUYER}responses/<int:participant_id>/financial-evidence/",
        views.buyer_financial_evidence,
        name="buyer-financial-evidence",
    ),
    path(
        f"{BUYER}responses/<int:participant_id>/exclusion/",
        views.buyer_exclusion,
        name="buyer-exclusion",
    ),
    path(f"{BUYER}shortlist/", views.buyer_shortlist, name="buyer-shortlist"),
    path(f"{BUYER}invite/", views.buyer_invite, name="buyer-invite"),
]
