"""Sign-in, sign-out, password reset, landing pages and the account page. Thin."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST

from procura.core.errors import DomainError
from procura.core.govuk import post_form
from procura.core.views import not_found_as_404

from . import permissions, selectors, services
from .forms import ApiTokenForm, SignInForm
from .states import Role


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    form_class = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        services.sign_in(request=self.request, user=form.get_user())
        return redirect(self.get_success_url())

    def form_invalid(self, form):
        username = form.data.get("username", "")
        if username:
            services.record_failed_sign_in(username=username)
        return super().form_invalid(form)


@require_POST
def sign_out(request):
    services.sign_out(request=request)
    return redirect("accounts:signed-out")


def signed_out(request):
    return render(request, "accounts/signed_out.html")


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-sent")

    def form_valid(self, form):
        services.record_password_reset_requested(email=form.cleaned_data["email"])
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")
    post_reset_login = False

    def form_valid(self, form):
        # The form's own save() would write the password without an audit event.
        services.set_password(
            actor=None, user=form.user, password=form.cleaned_data["new_password1"]
        )
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return redirect(self.success_url)


@login_required
def home(request):
    return redirect(selectors.landing_url(request.user))


@login_required
def landing(request, role: str):
    if role not in Role.values or not selectors.has_role(request.user, role):
        raise Http404()
    memberships = [m for m in selectors.memberships_of(request.user) if m.role == role]
    return render(
        request,
        f"accounts/landing/{role}.html",
        {"role": Role(role), "memberships": memberships},
    )


@login_required
def no_role(request):
    return render(request, "accounts/no_role.html")


def _account_page(request, form, *, errors=(), status=200):
    return render(
        request,
        "accounts/account.html",
        {
            "memberships": selectors.memberships_of(request.user),
            "tokens": selectors.api_tokens_of(request.user),
            "form": form,
            "errors": errors,
        },
        status=status,
    )


@login_required
def account(request):
    return _account_page(request, ApiTokenForm())


@login_required
@require_POST
def create_token(request):
    form = ApiTokenForm(request.POST)

    def created(result):
        token, raw = result
        return render(request, "accounts/token_created.html", {"token": token, "raw": raw})

    return post_form(
        request,
        form,
        lambda f: services.create_api_token(
            actor=request.user, user=request.user, name=f.cleaned_data["name"]
        ),
        success=created,
        page=lambda *, errors, status: _account_page(request, form, errors=errors, status=status),
    )


@login_required
@require_POST
@not_found_as_404
def revoke_token(request, pk: int):
    token = permissions.access_api_token(request.user, pk, "revoke")
    try:
        services.revoke_api_token(actor=request.user, token=token)
    except DomainError as error:
        # A second click, or a second tab: the token is revoked already, as was asked.
        if error.code != "token_already_revoked":
            raise
    messages.success(request, f"The API token {token} was revoked.")
    return redirect("accounts:account")


@login_required
@not_found_as_404
def organisation(request, pk: int):
    org = permissions.access_organisation(request.user, pk)
    return render(
        request,
        "accounts/organisation.html",
        {"organisation": org, "members": selectors.members_of(org)},
    )


HOUSE_RULE_LABELS = {
    "require_shortlist_limit": "A competitive flexible procedure states a maximum shortlist and "
    "its shortlisting criteria (the law asks for them only where numbers are limited)",
    "require_framework_maximum": "A framework states its maximum number of suppliers (the law "
    "allows a framework with no maximum)",
    "require_weights_total_100": "Award criteria have weights adding up to 100% (the law also "
    "allows ranking them or describing their importance another way)",
    "require_single_price_criterion": "At most one price criterion",
}


@login_required
@not_found_as_404
def authority_settings(request, pk: int):
    """The authority's house rules, switched on or off by its buyers."""
    authority = permissions.access_authority_settings(request.user, pk)
    if request.method == "POST":
        services.update_authority_settings(
            actor=request.user,
            authority=authority,
            switches={name: name in request.POST for name in selectors.HOUSE_RULES},
        )
        messages.success(request, "Your authority's house rules were saved.")
        return redirect("accounts:settings", pk=authority.pk)
    rules = selectors.house_rules_of(authority.pk)
    return render(
        request,
        "accounts/settings.html",
        {
            "authority": authority,
            "house_rules": [(n, HOUSE_RULE_LABELS[n], rules[n]) for n in selectors.HOUSE_RULES],
        },
    )
