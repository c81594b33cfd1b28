"""Pages for framework agreements and contracts, and for recording a signature. Thin."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from procura.core.govuk import post_form
from procura.core.views import not_found_as_404
from procura.evaluation import selectors as evaluation
from procura.procurements.permissions import access_procurement

from . import permissions, selectors, services
from .forms import SignatureForm
from .models import FrameworkAgreement


@login_required
def agreement_list(request):
    return render(
        request,
        "contracts/list.html",
        {
            "frameworks": selectors.frameworks_visible_to(request.user),
            "contracts": selectors.contracts_visible_to(request.user),
        },
    )


@login_required
@not_found_as_404
def enter(request, procurement_id: int):
    procurement = access_procurement(request.user, procurement_id, "manage")
    decision = evaluation.approved_decision(procurement)
    form = SignatureForm(request.POST or None)

    def signed(agreement):
        if isinstance(agreement, list):  # one framework or contract per lot
            references = ", ".join(a.reference for a in agreement)
            messages.success(
                request,
                f"{references} were recorded as entered into, one for each lot. The contract "
                "details notices are due by the dates shown.",
            )
            return redirect("contracts:list")
        messages.success(
            request,
            f"{agreement.reference} was recorded as entered into. The contract details notice "
            "is due by the date shown.",
        )
        if isinstance(agreement, FrameworkAgreement):
            return redirect("contracts:framework", agreement.pk)
        return redirect("contracts:contract", agreement.pk)

    def page(*, errors, status):
        return render(
            request,
            "contracts/enter.html",
            {
                "procurement": procurement,
                "decision": decision,
                "winners": evaluation.preferred_suppliers(procurement),
                "form": form,
                "errors": errors,
            },
            status=status,
        )

    return post_form(
        request,
        form,
        lambda f: services.enter_into_contract(
            actor=request.user, procurement=procurement, **f.cleaned_data
        ),
        success=signed,
        page=page,
    )


@login_required
@not_found_as_404
def framework(request, pk: int):
    agreement = permissions.access_framework(request.user, pk)
    return render(
        request,
        "contracts/framework.html",
        {
            "agreement": agreement,
            "suppliers": agreement.framework_suppliers.select_related("supplier"),
            "call_off_authorities": agreement.call_off_entitlements.select_related("authority"),
        },
    )


@login_required
@not_found_as_404
def contract(request, pk: int):
    agreement = permissions.access_contract(request.user, pk)
    return render(
        request,
        "contracts/contract.html",
        {
            "agreement": agreement,
            "participants": agreement.contract_participants.select_related("organisation"),
        },
    )
