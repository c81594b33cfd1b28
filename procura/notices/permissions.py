"""The only way a view or endpoint gets a notice's publication record. A notice is public once
Find a Tender has published it (`selectors.public_notices_of`); its publication record is for the
authority's own users. Forbidden looks exactly like not found."""

from procura.core.errors import NotFound
from procura.procurements.selectors import buyer_procurements

from .models import Notice
from .selectors import notice_of_id


def access_notice(user, notice_id: str) -> Notice:
    """A notice by Procura's notice id (`nnnnnn-yyyy`), for a user of its authority."""
    if not getattr(user, "is_authenticated", False):
        raise NotFound()
    notice = notice_of_id(notice_id)
    if not buyer_procurements(user).filter(pk=notice.procurement_id).exists():
        raise NotFound()
    return notice
