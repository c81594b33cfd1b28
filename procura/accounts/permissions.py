"""The only way a view or endpoint gets an organisation, a person or a token.

Forbidden looks exactly like not found: both raise NotFound, so nobody learns that something
they may not see exists.
"""

from procura.core.errors import NotFound, object_pk

from .models import ApiToken, Organisation, User
from .selectors import has_role, is_platform_admin, organisation_ids_where
from .states import OrganisationKind, Role


def access_organisation(user, pk, action: str = "view") -> Organisation:
    """Members of an organisation see it and its people; platform administrators see all.

    A supplier never sees another supplier; an authority never sees another authority's people.
    """
    if not getattr(user, "is_authenticated", False):
        raise NotFound()
    pk = object_pk(pk)
    if not (is_platform_admin(user) or pk in organisation_ids_where(user)):
        raise NotFound()
    try:
        return Organisation.objects.get(pk=pk)
    except Organisation.DoesNotExist as error:
        raise NotFound() from error


def access_user(user, pk, action: str = "view") -> User:
    """A person sees themself; auditors see the people of their own organisations."""
    if not getattr(user, "is_authenticated", False):
        raise NotFound()
    pk = object_pk(pk)
    if pk == user.pk or is_platform_admin(user):
        visible = True
    else:
        audited = organisation_ids_where(user, Role.AUDITOR)
        visible = (
            bool(audited)
            and User.objects.filter(pk=pk, memberships__organisation_id__in=audited).exists()
        )
    if not visible:
        raise NotFound()
    try:
        return User.objects.get(pk=pk)
    except User.DoesNotExist as error:
        raise NotFound() from error


def access_api_token(user, pk, action: str = "view") -> ApiToken:
    try:
        token = ApiToken.objects.get(pk=object_pk(pk))
    except ApiToken.DoesNotExist as error:
        raise NotFound() from error
    if token.user_id != user.pk and not is_platform_admin(user):
        raise NotFound()
    return token


def access_authority_settings(user, pk) -> Organisation:
    """A contracting authority's house-rule settings: seen and changed by its own buyers only;
    to anyone else (another authority's buyers included) they do not exist."""
    if not getattr(user, "is_authenticated", False):
        raise NotFound()
    pk = object_pk(pk)
    authority = Organisation.objects.filter(
        pk=pk, kind=OrganisationKind.CONTRACTING_AUTHORITY
    ).first()
    if authority is None or not has_role(user, Role.BUYER, authority):
        raise NotFound()
    return authority
