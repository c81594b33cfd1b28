from django.urls import path

from . import views

app_name = "procurements"
urlpatterns = [
    path("", views.procurement_list, name="list"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/criteria/", views.set_criteria, name="criteria"),
    path("<int:pk>/lots/", views.set_lots, name="lots"),
    path("<int:pk>/conflicts-assessment/", views.conflicts_assessment, name="conflicts"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/clarifications/", views.clarify, name="clarify"),
    path("<int:pk>/extend-deadlines/", views.extend, name="extend"),
    path("<int:pk>/modify/", views.modify, name="modify"),
    path("<int:pk>/terminate/", views.terminate, name="terminate"),
]
