from ninja import Field, Schema

from .states import OrganisationKind, Role


class MembershipOut(Schema):
    organisation_id: int
    organisation: str
    role: Role
    role_label: str


class MeOut(Schema):
    id: int
    username: str
    name: str
    email: str
    memberships: list[MembershipOut]


class OrganisationOut(Schema):
    id: int
    name: str
    kind: OrganisationKind
    party_id: str
    identifier_scheme: str
    identifier: str
    ppon: str
    authority_type: str
    scale: str
    vcse: bool
    region: str
    country: str


class OrganisationPageOut(Schema):
    """One page of the directory, by name."""

    count: int = Field(description="How many organisations match, on every page")
    results: list[OrganisationOut]


class PersonOut(Schema):
    id: int = Field(description="The id to give where the API asks for a person, e.g. an evaluator")
    username: str
    name: str
    job_title: str
    roles: list[Role]


class OrganisationPeopleOut(Schema):
    """The people of one of your organisations, with the roles they hold in it."""

    organisation_id: int
    organisation: str
    kind: OrganisationKind
    people: list[PersonOut]


class DirectoryFilters(Schema):
    kind: OrganisationKind | None = None
    q: str = Field("", description="Part of the name, in any case")
    offset: int = Field(0, ge=0)
    limit: int = Field(100, ge=1, le=200, description="At most 200")


class PeopleFilters(Schema):
    role: Role | None = Field(None, description="Only the people holding this role")


class HouseRulesOut(Schema):
    """An authority's house rules: Procura's policy, not the law, each on unless switched off."""

    require_shortlist_limit: bool
    require_framework_maximum: bool
    require_weights_total_100: bool
    require_single_price_criterion: bool


class HouseRulesIn(Schema):
    """The house rules to switch on (true) or off (false); a rule left out keeps its value."""

    require_shortlist_limit: bool | None = None
    require_framework_maximum: bool | None = None
    require_weights_total_100: bool | None = None
    require_single_price_criterion: bool | None = None
