"""Customer and staff sign-in: sign-up, login, refresh (rotating), logout, who am I."""

from fastapi import APIRouter, Request, Response

from gateway.deps import CallerDep, IdentityDep, LimitsDep
from gateway.domain.identity import IssuedTokens, normalise_email
from gateway.edge import client_ip, too_many
from gateway.models import Account
from gateway.schemas import AccountOut, LoginIn, LogoutIn, MeOut, RefreshIn, SignupIn, TokensOut
from lpx_common.auth import Authenticated, PublicRoute
from lpx_common.errors import Problem

router = APIRouter(prefix="/v1/auth", tags=["auth"])


def account_out(account: Account) -> AccountOut:
    return AccountOut(
        id=account.id,
        kind=account.kind,  # type: ignore[arg-type]
        email=account.email,
        name=account.name,
        roles=list(account.roles or []),
        status=account.status,
        created_at=account.created_at,
    )


def tokens_out(issued: IssuedTokens) -> TokensOut:
    return TokensOut(
        access_token=issued.access_token,
        expires_in=issued.expires_in,
        refresh_token=issued.refresh_token,
        account=account_out(issued.account),
    )


@router.post(
    "/signup",
    status_code=201,
    response_model=TokensOut,
    summary="Create a customer account and sign in",
    dependencies=[PublicRoute],
    responses={409: {"description": "The email is taken"}, 429: {"description": "Slow down"}},
)
async def signup(
    body: SignupIn, request: Request, identity: IdentityDep, limits: LimitsDep
) -> TokensOut:
    verdict = await limits.hit(limits.signup, "ip:" + client_ip(request.scope))
    if verdict is not None and not verdict.allowed:
        raise too_many(verdict, "Too many sign-ups from this address; wait.")
    account = await identity.create_account(
        kind="customer", email=body.email, password=body.password, name=body.name
    )
    return tokens_out(await identity.start_session(account))


@router.post(
    "/login",
    response_model=TokensOut,
    summary="Sign in with email and password (customers and staff)",
    dependencies=[PublicRoute],
    responses={401: {"description": "Wrong email or password"}, 429: {"description": "Slow down"}},
)
async def login(
    body: LoginIn, request: Request, identity: IdentityDep, limits: LimitsDep
) -> TokensOut:
    # Failed sign-ins are counted per account (from any address) and per address; past
    # either limit even the right password waits, so a guesser cannot tell it was right.
    account_key = "email:" + normalise_email(body.email)
    address_key = "ip:" + client_ip(request.scope)
    for policy, key in ((limits.login_account, account_key), (limits.login_address, address_key)):
        verdict = await limits.check(policy, key)
        if verdict is not None and not verdict.allowed:
            raise too_many(verdict, "Too many failed sign-ins; wait before trying again.")
    try:
        issued = await identity.login(body.email, body.password)
    except Problem as problem:
        if problem.status == 401:
            await limits.hit(limits.login_account, account_key)
            await limits.hit(limits.login_address, address_key)
        raise
    await limits.clear(limits.login_account, account_key)
    return tokens_out(issued)


@router.post(
    "/refresh",
    response_model=TokensOut,
    summary="Trade a refresh token for new tokens (the old refresh token stops working)",
    dependencies=[PublicRoute],
)
async def refresh(body: RefreshIn, identity: IdentityDep) -> TokensOut:
    return tokens_out(await identity.refresh(body.refresh_token))


@router.post(
    "/logout",
    status_code=204,
    summary="End the session of this access token and/or refresh token",
    dependencies=[PublicRoute],
)
async def logout(
    caller: CallerDep,
    identity: IdentityDep,
    body: LogoutIn | None = None,
) -> Response:
    # Public on purpose: a refresh token alone (e.g. after the access token expired) is
    # enough to end its own session, and ending a session never grants anything.
    await identity.logout(
        session_id=caller.session_id, refresh_token=body.refresh_token if body else None
    )
    return Response(status_code=204)


@router.get("/me", response_model=MeOut, summary="Who the presented credential belongs to")
async def me(principal: Authenticated, identity: IdentityDep) -> MeOut:
    if principal.kind == "anonymous":
        raise Problem(
            "Sign in or present an API key.",
            status=401,
            code="unauthorized",
            headers={"WWW-Authenticate": 'Bearer realm="lpx"'},
        )
    account = None
    if principal.kind in ("customer", "staff"):
        account = account_out(await identity.get_account(principal.subject))
    return MeOut(
        kind=principal.kind,
        subject=principal.subject,
        email=principal.email,
        roles=sorted(principal.roles),
        scopes=sorted(principal.scopes),
        partner_id=principal.partner_id,
        account=account,
    )
