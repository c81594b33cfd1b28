"""Which objects have a timeline, and who may see it.

Each app registers, in its AppConfig.ready(), an access function for each of its models that has a
timeline: `access(user, object_id) -> object`, raising NotFound when the user may not see it.
"""

from collections.abc import Callable

from procura.core.errors import NotFound

_TIMELINE_ACCESS: dict[str, Callable] = {}


def register_timeline(object_type: str, access: Callable) -> None:
    _TIMELINE_ACCESS[object_type] = access


def access_timeline_object(user, object_type: str, object_id: str):
    access = _TIMELINE_ACCESS.get(object_type)
    if access is None:
        raise NotFound()
    return access(user, object_id)


def timeline_object_types() -> list[str]:
    """The `object_type`s that have a timeline (`app_label.model`), for the API's document."""
    return sorted(_TIMELINE_ACCESS)
