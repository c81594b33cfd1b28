from django.urls import path

from . import views

app_name = "demo"
urlpatterns = [
    path("clock/", views.clock_page, name="clock"),
]
