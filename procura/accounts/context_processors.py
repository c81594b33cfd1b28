from django.conf import settings

from .selectors import navigation_for


def service(request):
    """What every page's layout needs: the service name and the signed-in person's navigation."""
    return {
        "service_name": settings.SERVICE_NAME,
        "navigation": navigation_for(request.user, request.path),
    }
