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
