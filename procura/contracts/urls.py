"""Framework agreement and contract pages, under /contracts/."""

from django.urls import path

from . import views

app_name = "contracts"
urlpatterns = [
    path("", views.agreement_list, name="list"),
    path("enter/<int:procurement_id>/", views.enter, name="enter"),
    path("frameworks/<int:pk>/", views.framework, name="framework"),
    path("<int:pk>/", views.contract, name="contract"),
]
