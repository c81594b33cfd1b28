"""Notice pages, under /notices/."""

from django.urls import path

from . import views

app_name = "notices"
urlpatterns = [
    path("<str:notice_id>/publication/", views.publication, name="publication"),
]
