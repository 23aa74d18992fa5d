"""The back office's way to the platform: the same public API the partners use.

Every call goes through this gateway's own ASGI app in-process, as an HTTP request with
``Authorization: Bearer`` and a fresh access token for the staff member's live session.
So each call passes the gateway's edge exactly as a partner's would (session check,
roles as they are now, rate limits, proxy) and the services make the decision: nothing
is possible in a screen that the API would refuse. Long exports are the one exception to
the in-process path: they stream straight from the owning service with the internal
token the edge would have minted for the same principal (see ``stream``).
"""

import logging
import secrets
from collections.abc import AsyncIterator
from typing import Any

import httpx
from fastapi import Request

from gateway.backoffice.session import Staff
from gateway.edge import client_ip
from lpx_common.auth import INTERNAL_TOKEN_HEADER
from lpx_common.observability import outgoing_context_headers

log = logging.getLogger("gateway.backoffice")


class ApiProblem(Exception):
    """A problem+json answer (or an unreachable service), kept to be shown in words."""

    def __init__(self, status: int, body: dict[str, Any]) -> None:
        super().__init__(f"{status} {body.get('type', '')}")
        self.status = status
        self.body = body

    @property
    def code(self) -> str:
        return str(self.body.get("type", "")).rsplit("/", 1)[-1]

    @property
    def detail(self) -> str:
        return str(self.body.get("detail") or self.body.get("title") or "")

    @property
    def field_errors(self) -> list[dict[str, Any]]:
        errors = self.body.get("errors")
        return errors if isinstance(errors, list) else []


class Api:
    def __init__(self, request: Request, staff: Staff | None) -> None:
        self.request = request
        self.staff = staff

    def _headers(self) -> dict[str, str]:
        headers = {"X-Request-ID": self.request.headers.get("x-request-id", "")} | {
            k: v for k, v in outgoing_context_headers().items()
        }
        headers = {k: v for k, v in headers.items() if v}
        if self.staff is not None:
            state = self.staff.state
            token = self.request.app.state.access_tokens.mint(
                account_id=state.account_id,
                kind=state.kind,
                email=state.email,
                roles=sorted(state.roles),
                session_id=self.staff.session_id,
            )
            headers["Authorization"] = f"Bearer {token}"
        return headers

    async def call(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json: Any = None,
        headers: dict[str, str] | None = None,
        idempotent: bool = False,
    ) -> httpx.Response:
        """The answer of a 2xx; an ApiProblem otherwise. ``idempotent`` adds a fresh
        Idempotency-Key (the API requires one on unsafe POSTs)."""
        sent = self._headers() | (headers or {})
        if idempotent:
            sent["Idempotency-Key"] = "bo-" + secrets.token_hex(12)
        transport = httpx.ASGITransport(
            app=self.request.app, client=(client_ip(self.request.scope), 0)
        )
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
            response = await client.request(method, path, params=params, json=json, headers=sent)
        if response.status_code >= 400:
            try:
                body = response.json()
            except ValueError:
                body = {"title": response.reason_phrase}
            raise ApiProblem(response.status_code, body if isinstance(body, dict) else {})
        return response

    async def get(self, path: str, **params: Any) -> Any:
        clean = {k: v for k, v in params.items() if v not in (None, "")}
        return (await self.call("GET", path, params=clean)).json()

    async def all_items(self, path: str, limit_pages: int = 50, **params: Any) -> list[Any]:
        """Every item of a cursor-paged list (bounded: ``limit_pages`` pages of 200)."""
        items: list[Any] = []
        cursor = None
        for _ in range(limit_pages):
            page = await self.get(path, limit=200, cursor=cursor, **params)
            items += page["items"]
            cursor = page.get("next_cursor")
            if not cursor:
                break
        return items

    async def stream(self, service: str, path: str, params: dict[str, str]) -> AsyncIterator[bytes]:
        """Streams a long export from ``service`` as the edge would forward it; the first
        chunk is read before the caller commits to a 200, so a refusal is still a page."""
        assert self.staff is not None
        state = self.request.app.state
        upstream = state.upstreams[service]
        token = state.token_mint.token(self.staff.principal)
        request = upstream.client.build_request(
            "GET",
            upstream.base_url + path,
            params=params,
            headers={INTERNAL_TOKEN_HEADER: token, **outgoing_context_headers()},
        )
        response = await upstream.client.send(request, stream=True)
        if response.status_code >= 400:
            body = await response.aread()
            await response.aclose()
            try:
                raise ApiProblem(response.status_code, httpx.Response(200, content=body).json())
            except ValueError:
                raise ApiProblem(response.status_code, {}) from None

        async def chunks() -> AsyncIterator[bytes]:
            try:
                async for chunk in response.aiter_bytes():
                    yield chunk
            finally:
                await response.aclose()

        return chunks()
