"""The demo clock's page: platform administrators, demo clock on; everyone else gets 404."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from procura.core import clock
from procura.core.govuk import post_form
from procura.core.views import not_found_as_404

from . import selectors, services
from .forms import ClockMoveForm
from .permissions import access_demo_clock

# The form field a refusal belongs to, by the refusal's `field` (none: `how`).
FIELD_OF = {"to": "day", "days": "days", None: "how", "": "how"}


def _anchor(problem: dict) -> str:
    """The summary links to the input of the field's name (a problem of the form: `how`)."""
    field = problem.get("field")
    return "how" if not field or field == "__all__" else field


@require_http_methods(["GET", "POST"])
@not_found_as_404
def clock_page(request):
    access_demo_clock(request.user)
    form = ClockMoveForm(request.POST if request.method == "POST" else None)
    confirmed = request.POST.get("confirmed") == "yes"

    def move(f):
        if not confirmed:
            return selectors.preview_move(**f.cleaned_data["move"])
        return services.advance_clock(actor=request.user, **f.cleaned_data["move"])

    def moved(result):
        if not confirmed:
            return render(
                request,
                "demo/clock_confirm.html",
                {
                    "form": form,
                    "now_text": clock.format_datetime(clock.now()),
                    "after_text": clock.format_datetime(result),
                },
            )
        closed = result.deadlines_closed
        messages.success(
            request,
            f"The service's time is now {clock.format_datetime(result.after)}. The deadline "
            f"job closed the passed deadlines of {closed} "
            f"{'procurement' if closed == 1 else 'procurements'}.",
        )
        return redirect("demo:clock")

    def page(*, errors, status):
        now = clock.now()
        return render(
            request,
            "demo/clock.html",
            {"form": form, "errors": errors, "now": now, "now_text": clock.format_datetime(now)},
            status=status,
        )

    return post_form(
        request,
        form,
        move,
        success=moved,
        page=page,
        anchors=_anchor,
        fields=FIELD_OF,
        invalid_status=200,
    )
