from ninja import Schema


class MembershipOut(Schema):
    organisation_id: int
    organisation: str
    role: str
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
    kind: str
    party_id: str
    identifier_scheme: str
    identifier: str
    ppon: str
    authority_type: str
    scale: str
    vcse: bool
    region: str
    country: str


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
