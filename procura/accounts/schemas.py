from ninja import Schema

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
