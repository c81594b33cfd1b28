"""Reading the procurement pages in tests: a signed-in client, the visible text, and the GOV.UK
error summary's links."""

import html
import re

from django.test import Client


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text(response) -> str:
    """The page's visible text, whitespace collapsed, entities decoded."""
    body = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", html.unescape(body))


def error_links(response) -> list[tuple[str, str]]:
    """The GOV.UK error summary as (link target, message), whitespace collapsed."""
    page = response.content.decode()
    match = re.search(r'govuk-error-summary__list">(.*?)</ul>', page, re.S)
    if not match:
        return []
    return [
        (href, re.sub(r"\s+", " ", html.unescape(message)).strip())
        for href, message in re.findall(r'<a href="([^"]+)">(.*?)</a>', match.group(1), re.S)
    ]
