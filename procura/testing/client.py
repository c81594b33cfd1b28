"""The one client for the JSON API in tests: a person with a bearer token, or nobody."""

from django.test import Client

from procura.accounts.models import User
from procura.accounts.services import create_api_token


class Api:
    """Calls the JSON API as an API client does: with a bearer token, or anonymously.

    `Api(user)` makes a token for `user` (a User or a username) and sends it with every request;
    `Api(token="prc_...")` sends a given token; `Api()` sends none. Nobody signs in through it, so
    a request without a token is an anonymous one. `token=` on one call sends another token (a
    wrong one, say) for that call only. Paths are joined to `prefix` (e.g. "/api/v1"); bodies are
    sent as JSON, except `multipart`.
    """

    def __init__(
        self,
        user: User | str | None = None,
        *,
        token: str | None = None,
        prefix: str = "",
    ):
        if isinstance(user, str):
            user = User.objects.get(username=user)
        if user is not None:
            _, token = create_api_token(actor=user, user=user, name="Test client")
        self.user = user
        self.token = token
        self.prefix = prefix
        self.client = Client()

    def _headers(self, token: str | None) -> dict:
        token = token if token is not None else self.token
        return {"Authorization": f"Bearer {token}"} if token is not None else {}

    def get(self, path: str, *, token: str | None = None, **params):
        return self.client.get(self.prefix + path, params, headers=self._headers(token))

    def post(self, path: str, body=None, *, token: str | None = None):
        return self._send("post", path, {} if body is None else body, token)

    def put(self, path: str, body, *, token: str | None = None):
        return self._send("put", path, body, token)

    def patch(self, path: str, body, *, token: str | None = None):
        return self._send("patch", path, body, token)

    def delete(self, path: str, *, token: str | None = None):
        return self.client.delete(self.prefix + path, headers=self._headers(token))

    def multipart(self, path: str, data: dict, *, token: str | None = None):
        """POST `data` as a form with files (`SimpleUploadedFile` values), as an upload is sent."""
        return self.client.post(self.prefix + path, data, headers=self._headers(token))

    def _send(self, method: str, path: str, body, token: str | None):
        # Django's client encodes a dict or list as JSON (with its encoder: Decimal, dates).
        return getattr(self.client, method)(
            self.prefix + path, body, content_type="application/json", headers=self._headers(token)
        )
