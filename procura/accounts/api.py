from django.http import HttpRequest
from ninja import Router

from . import permissions, selectors
from .schemas import MeOut, OrganisationOut

router = Router(tags=["people and organisations"])


@router.get("/me", response=MeOut, summary="Who am I, and what roles do I hold?")
def me(request: HttpRequest):
    user = request.user
    return {
        "id": user.pk,
        "username": user.username,
        "name": user.get_full_name(),
        "email": user.email,
        "memberships": [
            {
                "organisation_id": m.organisation_id,
                "organisation": m.organisation.name,
                "role": m.role,
                "role_label": m.get_role_display(),
            }
            for m in selectors.memberships_of(user)
        ],
    }


@router.get(
    "/organisations/{org_id}", response=OrganisationOut, summary="An organisation I belong to"
)
def organisation(request: HttpRequest, org_id: int):
    return permissions.access_organisation(request.user, org_id)
