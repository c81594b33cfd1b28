from django.urls import path

from . import views

app_name = "tendering"
urlpatterns = [
    # Suppliers
    path("<int:pk>/tender/", views.your_tender, name="your-tender"),
    path("<int:pk>/tender/withdraw/", views.withdraw_tender, name="withdraw"),
    path("<int:pk>/tender/receipts/<str:reference>/", views.receipt, name="receipt"),
    path("<int:pk>/tender/questions/", views.ask_question, name="ask-question"),
    # The authority
    path("<int:pk>/tenders/", views.tenders, name="tenders"),
    path("<int:pk>/tenders/confirm-opening/", views.confirm_opening, name="confirm-opening"),
    path("<int:pk>/tenders/<int:tender_id>/", views.opened_tender, name="opened-tender"),
    path(
        "<int:pk>/tenders/<int:tender_id>/files/<int:position>/",
        views.opened_file,
        name="opened-file",
    ),
    path("<int:pk>/tender-questions/", views.question_inbox, name="questions"),
    path(
        "<int:pk>/tender-questions/<int:question_id>/",
        views.answer_question,
        name="answer-question",
    ),
]
