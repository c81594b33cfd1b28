"""The demo clock's page: platform administrators, demo clock on; everyone else gets 404."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from procura.core import clock
from procura.core.errors import DomainError
from procura.core.views import not_found_as_404

from . import selectors, services
from .forms import ClockMoveForm
from .permissions import access_demo_clock

# The form field a refusal belongs to, by the refusal's `field`.
FIELD_OF = {"to": "day", "days": "days"}


@require_http_methods(["GET", "POST"])
@not_found_as_404
def clock_page(request):
    access_demo_clock(request.user)
    form = ClockMoveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        move = form.cleaned_data["move"]
        try:
            if request.POST.get("confirmed") != "yes":
                after = selectors.preview_move(**move)
                return render(
                    request,
                    "demo/clock_confirm.html",
                    {
                        "form": form,
                        "now_text": clock.format_datetime(clock.now()),
                        "after_text": clock.format_datetime(after),
                    },
                )
            moved = services.advance_clock(actor=request.user, **move)
        except DomainError as error:
            form.add_error(FIELD_OF.get(error.field or "", "how"), error.message)
        else:
            closed = moved.deadlines_closed
            messages.success(
                request,
                f"The service's time is now {clock.format_datetime(moved.after)}. The deadline "
                f"job closed the passed deadlines of {closed} "
                f"{'procurement' if closed == 1 else 'procurements'}.",
            )
            return redirect("demo:clock")
    now = clock.now()
    return render(
        request,
        "demo/clock.html",
        {"form": form, "now": now, "now_text": clock.format_datetime(now)},
    )
