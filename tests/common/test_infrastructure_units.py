"""Unit tests of single infrastructure rules (no I/O)."""

import pytest

from lpx_common.auth import Principal, TokenCodec
from lpx_common.errors import Unauthorized, Unprocessable
from lpx_common.ids import new_id
from lpx_common.money import to_major_string
from lpx_common.pagination import decode_cursor, encode_cursor


def test_ids_are_prefixed_and_sort_by_creation() -> None:
    ids = [new_id("bkg") for _ in range(50)]
    assert all(i.startswith("bkg_") and len(i) == 30 for i in ids)
    assert len(set(ids)) == 50
    assert ids[0] < ids[-1]


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [(3000, "JPY", "3000"), (12345, "USD", "123.45"), (5, "USD", "0.05"), (-150, "USD", "-1.50")],
)
def test_major_unit_strings_are_exact(amount: int, currency: str, expected: str) -> None:
    assert to_major_string(amount, currency) == expected


def test_cursor_round_trips_and_rejects_garbage() -> None:
    assert decode_cursor(encode_cursor(["2026-01-01T00:00:00+00:00", "off_1"]), 2) == [
        "2026-01-01T00:00:00+00:00",
        "off_1",
    ]
    with pytest.raises(Unprocessable):
        decode_cursor("not-a-cursor!!", 2)


def test_internal_tokens_verify_and_refuse_forgery_and_expiry() -> None:
    codec = TokenCodec("s" * 40, issuer="gateway")
    principal = Principal(kind="staff", subject="stf_1", roles=frozenset({"finance"}))
    assert codec.verify(codec.mint(principal)) == principal
    forged = TokenCodec("t" * 40, issuer="gateway").mint(principal)
    with pytest.raises(Unauthorized):
        codec.verify(forged)
    with pytest.raises(Unauthorized):
        codec.verify(codec.mint(principal, ttl_seconds=-10))


def test_a_token_verified_before_still_expires(monkeypatch: pytest.MonkeyPatch) -> None:
    """Verified tokens are remembered (a reused token is not checked again in full), but
    the memory never outlives the token."""
    import lpx_common.auth as auth

    codec = TokenCodec("s" * 40, issuer="booking", ttl_seconds=60)
    token = codec.service_token()
    assert codec.service_token() == token  # reused, not signed again
    assert codec.verify(token) == codec.verify(token) == codec.service_principal()
    later = auth.time.time() + 60 + auth.LEEWAY_SECONDS + 1
    monkeypatch.setattr(auth.time, "time", lambda: later)
    with pytest.raises(Unauthorized, match="expired"):
        codec.verify(token)


def test_auth_decision_check_finds_undecided_routes_in_nested_routers() -> None:
    from fastapi import APIRouter, FastAPI

    from lpx_common.auth import Authenticated, PublicRoute, routes_without_auth_decision

    decided, undecided, open_router = APIRouter(), APIRouter(), APIRouter()

    @decided.get("/mine")
    async def mine(principal: Authenticated) -> None: ...

    @undecided.get("/forgotten")
    async def forgotten() -> None: ...

    @open_router.get("/open")
    async def opened() -> None: ...

    outer = APIRouter(prefix="/v1")
    outer.include_router(decided)
    outer.include_router(undecided)
    app = FastAPI()
    app.include_router(outer)
    app.include_router(open_router, dependencies=[PublicRoute])
    assert routes_without_auth_decision(app) == ["GET /v1/forgotten"]
