"""The Django admin, for platform administrators only, and read-only for domain records.

Every change to organisations, people and roles goes through a service function so that it is
audited; the admin is for looking, not for writing around the record.
"""

from urllib.parse import urlencode

from django.contrib import admin
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse

from .models import ApiToken, Membership, Organisation, User
from .selectors import is_platform_admin
from .views import sign_out


def _platform_admin_only(request) -> bool:
    return bool(request.user.is_active and is_platform_admin(request.user))


def _sign_in_through_procura(request, extra_context=None):
    """The admin has no sign-in of its own: Procura's sign-in records every attempt. A signed-in
    person who is not a platform administrator is told the admin does not exist (404)."""
    if request.user.is_authenticated:
        raise Http404()
    target = request.GET.get("next") or reverse("admin:index")
    return redirect(f"{reverse('accounts:sign-in')}?{urlencode({'next': target})}")


admin.site.has_permission = _platform_admin_only
admin.site.login = _sign_in_through_procura
admin.site.logout = lambda request, extra_context=None: sign_out(request)
admin.site.site_header = "Procura administration"
admin.site.site_title = "Procura administration"


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_view_permission(self, request, obj=None):
        return _platform_admin_only(request)

    def has_module_permission(self, request):
        return _platform_admin_only(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Organisation)
class OrganisationAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "identifier_scheme", "identifier", "ppon"]
    list_filter = ["kind"]
    search_fields = ["name", "identifier", "ppon"]


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    list_display = ["username", "first_name", "last_name", "email", "is_active"]
    search_fields = ["username", "first_name", "last_name", "email"]
    exclude = ["password"]


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["user", "organisation", "role", "granted_at"]
    list_filter = ["role"]


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ["name", "user", "prefix", "created_at", "revoked_at"]
    exclude = ["token_hash"]
