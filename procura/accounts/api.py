"""Who am I, and the directory an API client needs to fill the id fields of other requests:
the organisations it may see and the people of its own organisations."""

from django.http import HttpRequest
from ninja import Query, Router

from . import permissions, selectors, services
from .schemas import (
    DirectoryFilters,
    HouseRulesIn,
    HouseRulesOut,
    MeOut,
    OrganisationOut,
    OrganisationPageOut,
    OrganisationPeopleOut,
    PeopleFilters,
)

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
    "/organisations",
    response=OrganisationPageOut,
    summary="The directory: the organisations you may see, by name",
    description=(
        "Contracting authorities and participants for everyone signed in, and your own "
        "organisations; suppliers too for the staff of public bodies and for platform "
        "administrators. A supplier never sees another supplier. Page with `offset` and `limit`."
    ),
)
def directory(request: HttpRequest, filters: Query[DirectoryFilters]):
    organisations = selectors.organisations_visible_to(
        request.user, kind=filters.kind, text=filters.q.strip()
    )
    return {
        "count": organisations.count(),
        "results": list(organisations[filters.offset : filters.offset + filters.limit]),
    }


@router.get(
    "/organisations/mine/people",
    response=list[OrganisationPeopleOut],
    summary="The people of your own organisations, with their roles (e.g. evaluator ids)",
)
def my_people(request: HttpRequest, filters: Query[PeopleFilters]):
    return [
        {
            "organisation_id": entry["organisation"].pk,
            "organisation": entry["organisation"].name,
            "kind": entry["organisation"].kind,
            "people": [
                {
                    "id": person["user"].pk,
                    "username": person["user"].username,
                    "name": person["user"].get_full_name(),
                    "job_title": person["user"].job_title,
                    "roles": person["roles"],
                }
                for person in entry["people"]
            ],
        }
        for entry in selectors.people_of_own_organisations(request.user, role=filters.role)
    ]


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
