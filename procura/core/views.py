"""Pages that belong to no stage: the start page, error pages, and helpers for every view."""

import functools

from django.http import Http404
from django.shortcuts import redirect, render

from procura.core.errors import AccessRefused, NotFound, http_status


def not_found_as_404(view):
    """Turn an access function's NotFound into Django's 404 page, and its AccessRefused (an
    insider told why) into a page that gives the reason."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotFound as error:
            raise Http404(error.message) from error
        except AccessRefused as error:
            return render(
                request, "core/refused.html", {"error": error}, status=http_status(error.code)
            )

    return wrapper


def start(request):
    if request.user.is_authenticated:
        return redirect("accounts:home")
    return render(request, "core/start.html")


def accessibility(request):
    return render(request, "core/accessibility.html")


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)
