"""The public register of opportunities: anyone may see and search published procurements."""

from django.urls import path

from . import views

app_name = "opportunities"
urlpatterns = [
    path("", views.opportunities, name="list"),
    path("<str:reference>/", views.opportunity, name="detail"),
    path("<str:reference>/notices/<str:notice_id>.json", views.notice_json, name="notice-json"),
]
