"""Evaluation and award pages, under /procurements/."""

from django.urls import path

from . import views

app_name = "evaluation"

E = "<int:pk>/evaluation/"

urlpatterns = [
    # Each person's list
    path("evaluations/", views.my_evaluations, name="my-evaluations"),
    path("award-approvals/", views.approvals, name="approvals"),
    path("assessment-summaries/", views.supplier_summaries, name="supplier-summaries"),
    # The buyer
    path(E, views.overview, name="overview"),
    path(f"{E}evaluators/", views.assign, name="assign"),
    path(f"{E}evaluators/<int:assignment_id>/remove/", views.remove, name="remove"),
    path(f"{E}abnormally-low/<int:tender_id>/", views.abnormally_low, name="abnormally-low"),
    path(f"{E}moderation/<int:tender_id>/", views.moderate, name="moderate"),
    path(f"{E}results/", views.results, name="results"),
    path(f"{E}award/propose/", views.propose, name="propose"),
    path(f"{E}assessment-summaries/send/", views.send_summaries, name="send-summaries"),
    path(f"{E}award-notice/", views.publish_award_notice, name="publish-award-notice"),
    # The approver
    path(f"{E}award/approval/", views.approve, name="approve"),
    # The evaluator
    path(f"{E}declaration/", views.declare, name="declare"),
    path(f"{E}tenders/", views.scoring, name="scoring"),
    path(f"{E}tenders/<int:tender_id>/", views.score, name="score"),
    path(
        f"{E}tenders/<int:tender_id>/files/<int:position>/",
        views.tender_file,
        name="tender-file",
    ),
    path(f"{E}submit/", views.submit, name="submit"),
    path(f"{E}panel-scores/", views.panel_scores, name="panel-scores"),
    # Suppliers (and the authority)
    path(
        "<int:pk>/assessment-summaries/<int:summary_id>/",
        views.summary,
        name="supplier-summary",
    ),
    path(
        "<int:pk>/assessment-summaries/<int:summary_id>/pdf/",
        views.summary_pdf,
        name="summary-pdf",
    ),
]
