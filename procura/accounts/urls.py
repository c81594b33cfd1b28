from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("signed-out/", views.signed_out, name="signed-out"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password-reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_sent.html"),
        name="password-reset-sent",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "password-reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password-reset-complete",
    ),
    path("home/", views.home, name="home"),
    path("home/no-role/", views.no_role, name="no-role"),
    path("home/<str:role>/", views.landing, name="landing"),
    path("account/", views.account, name="account"),
    path("account/api-tokens/", views.create_token, name="create-token"),
    path("account/api-tokens/<int:pk>/revoke/", views.revoke_token, name="revoke-token"),
    path("organisations/<int:pk>/", views.organisation, name="organisation"),
    path("organisations/<int:pk>/settings/", views.authority_settings, name="settings"),
]
