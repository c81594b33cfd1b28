from django.http import HttpRequest
from ninja import Router

from . import permissions, selectors, services
from .schemas import HouseRulesIn, HouseRulesOut, MeOut, OrganisationOut

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


@router.get(
    "/organisations/{org_id}/settings",
    response=HouseRulesOut,
    summary="My authority's house rules (its buyers only)",
)
def authority_settings(request: HttpRequest, org_id: int):
    authority = permissions.access_authority_settings(request.user, org_id)
    return selectors.house_rules_of(authority.pk)


@router.patch(
    "/organisations/{org_id}/settings",
    response=HouseRulesOut,
    summary="Switch my authority's house rules on or off (its buyers only)",
)
def change_authority_settings(request: HttpRequest, org_id: int, payload: HouseRulesIn):
    authority = permissions.access_authority_settings(request.user, org_id)
    switches = {k: v for k, v in payload.dict().items() if v is not None}
    services.update_authority_settings(actor=request.user, authority=authority, switches=switches)
    return selectors.house_rules_of(authority.pk)
