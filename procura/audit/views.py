from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from procura.core.views import not_found_as_404

from .registry import access_timeline_object
from .selectors import timeline


@login_required
@not_found_as_404
def timeline_page(request, object_type: str, object_id: str):
    obj = access_timeline_object(request.user, object_type, object_id)
    return render(
        request,
        "audit/timeline.html",
        {"object": obj, "entries": timeline(object_type, object_id)},
    )
