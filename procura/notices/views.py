"""The page on which a buyer records that Find a Tender published a notice. Thin."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from procura.core.govuk import post_form
from procura.core.views import not_found_as_404

from . import permissions, services
from .forms import PublicationForm


@login_required
@not_found_as_404
def publication(request, notice_id: str):
    notice = permissions.access_notice(request.user, notice_id)
    form = PublicationForm(request.POST or None)

    def confirmed(_publication):
        messages.success(
            request,
            f"Notice {notice.notice_id} was recorded as published on Find a Tender as "
            f"{_publication.fts_notice_id}. It is now public in Procura.",
        )
        return redirect("procurements:detail", notice.procurement_id)

    def page(*, errors, status):
        return render(
            request,
            "notices/publication.html",
            {"notice": notice, "form": form, "errors": errors},
            status=status,
        )

    return post_form(
        request,
        form,
        lambda f: services.confirm_published(
            actor=request.user,
            notice=notice,
            fts_notice_id=f.cleaned_data["fts_notice_id"] or "",
            published_on=f.cleaned_data["published_on"],
        ),
        success=confirmed,
        page=page,
    )
