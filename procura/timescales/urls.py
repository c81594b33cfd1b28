from django.urls import path

from . import views

app_name = "timescales"
urlpatterns = [path("", views.calculator, name="calculator")]
