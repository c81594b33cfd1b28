from django.conf import settings


def service(request):
    """What every page's layout needs: the service name and the signed-in person's navigation."""
    from procura.accounts.selectors import navigation_for

    return {
        "service_name": settings.SERVICE_NAME,
        "navigation": navigation_for(request.user, request.path),
    }
