from django.shortcuts import render

from procura.core.govuk import error_items, is_htmx

from . import rules
from .forms import TimescalesForm


def calculator(request):
    """The public Timescales page: one date in, every derived date out, each with its section."""
    form = TimescalesForm(request.GET or None)
    results = None
    if form.is_bound and form.is_valid():
        facts = rules.TenderingFacts(**{name: True for name in form.cleaned_data["facts"]})
        results = rules.all_timescales(form.cleaned_data["date"], facts)
    template = "timescales/calculator.html"
    if is_htmx(request):
        # The form and the results together, so that an invalid date shows its error summary.
        template += "#calculator"
    return render(
        request,
        template,
        {"form": form, "results": results, "errors": error_items(form) if form.is_bound else []},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )
