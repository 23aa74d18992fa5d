"""Accounts, sessions, partners and API keys: the rules, with the database, without HTTP."""

import hmac
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import anyio
from cachetools import TLRUCache, TTLCache
from sqlalchemy import bindparam, select, update
from sqlalchemy.exc import IntegrityError

from gateway.domain import secrets as sec
from gateway.models import Account, ApiKey, Partner, RefreshToken, Session
from lpx_common.auth import STAFF_ROLES, Principal
from lpx_common.clock import as_utc, utcnow
from lpx_common.db import Database
from lpx_common.errors import Conflict, NotFound, Unauthorized, Unprocessable
from lpx_common.ids import new_id

log = logging.getLogger("gateway.identity")

PARTNER_SCOPES = ("catalog:read", "bookings:read", "bookings:write", "webhooks:manage")

KEY_TOUCH_SECONDS = 60.0

# The two reads of every signed-in request, built once and executed with parameters
# (building a statement per call cost about a third of the read: lpx_common.db.insert_into).
_LIVE_SESSION = (
    select(Account.id, Account.kind, Account.email, Account.roles)
    .join(Session, Session.account_id == Account.id)
    .where(
        Session.id == bindparam("session_id"),
        Session.revoked_at.is_(None),
        Session.expires_at > bindparam("now"),
        Account.status == "active",
    )
)
_LIVE_API_KEY = (
    select(
        ApiKey.id,
        ApiKey.key_hash,
        ApiKey.partner_id,
        ApiKey.scopes,
        ApiKey.expires_at,
        Partner.contact_email,
    )
    .join(Partner, Partner.id == ApiKey.partner_id)
    .where(
        ApiKey.prefix == bindparam("prefix"),
        ApiKey.revoked_at.is_(None),
        (ApiKey.expires_at.is_(None)) | (ApiKey.expires_at > bindparam("now")),
        Partner.status == "active",
    )
)
INVALID_CREDENTIALS = "The email or password is not right."


@dataclass(frozen=True)
class IssuedTokens:
    account: Account
    session_id: str
    access_token: str
    refresh_token: str
    expires_in: int


@dataclass(frozen=True)
class SessionState:
    """Who a live session belongs to, as the database says now (not as a token said)."""

    account_id: str
    kind: str
    email: str
    roles: frozenset[str]


@dataclass(frozen=True)
class CreatedApiKey:
    api_key: ApiKey
    key: str  # the only time the clear key exists outside the caller's hands


def normalise_email(email: str) -> str:
    return email.strip().lower()


def check_roles(roles: Sequence[str]) -> list[str]:
    unknown = sorted(set(roles) - set(STAFF_ROLES))
    if unknown or not roles:
        raise Unprocessable(
            "Staff roles must be a non-empty subset of " + ", ".join(STAFF_ROLES) + ".",
            code="invalid-roles",
            errors=[
                {
                    "field": "roles",
                    "message": f"unknown roles: {unknown}" if unknown else "must not be empty",
                }
            ],
        )
    return sorted(set(roles))


def check_scopes(scopes: Sequence[str]) -> list[str]:
    unknown = sorted(set(scopes) - set(PARTNER_SCOPES))
    if unknown or not scopes:
        raise Unprocessable(
            "API key scopes must be a non-empty subset of " + ", ".join(PARTNER_SCOPES) + ".",
            code="invalid-scopes",
            errors=[
                {
                    "field": "scopes",
                    "message": f"unknown scopes: {unknown}" if unknown else "must not be empty",
                }
            ],
        )
    return sorted(set(scopes))


@dataclass(frozen=True)
class ApiKeyCaller:
    key_id: str
    principal: Principal


class Identity:
    def __init__(
        self,
        db: Database,
        tokens: sec.AccessTokens,
        refresh_ttl_seconds: int,
        *,
        api_key_cache_seconds: float = 1.0,
    ) -> None:
        self.db = db
        self.api_key_cache_seconds = api_key_cache_seconds
        # sha256(key) -> (monotonic deadline, key): valid keys only, each until its deadline.
        self._key_cache: TLRUCache[str, tuple[float, ApiKeyCaller]] = TLRUCache(
            maxsize=10_000, ttu=lambda _key, value, _now: value[0]
        )
        self.tokens = tokens
        self.refresh_ttl = timedelta(seconds=refresh_ttl_seconds)
        # API key ids whose last_used_at was written in the last minute.
        self._key_touched: TTLCache[str, bool] = TTLCache(maxsize=100_000, ttl=KEY_TOUCH_SECONDS)

    # --- accounts -----------------------------------------------------------------------

    async def create_account(
        self, *, kind: str, email: str, password: str, name: str, roles: Sequence[str] = ()
    ) -> Account:
        # argon2 costs tens of milliseconds of CPU: keep it off the event loop.
        password_hash = await anyio.to_thread.run_sync(sec.hash_password, password)
        now = utcnow()
        account = Account(
            id=new_id("cus" if kind == "customer" else "stf"),
            kind=kind,
            email=normalise_email(email),
            name=name.strip(),
            password_hash=password_hash,
            roles=check_roles(roles) if kind == "staff" else [],
            status="active",
            created_at=now,
            updated_at=now,
        )
        try:
            async with self.db.transaction() as session:
                session.add(account)
        except IntegrityError as exc:
            raise Conflict(
                "An account with this email already exists.", code="email-taken"
            ) from exc
        return account

    async def get_account(self, account_id: str) -> Account:
        async with self.db.read() as session:
            account = await session.get(Account, account_id)
        if account is None:
            raise NotFound("No such account.", code="account-not-found")
        return account

    async def list_staff(self) -> list[Account]:
        async with self.db.read() as session:
            rows = await session.scalars(
                select(Account).where(Account.kind == "staff").order_by(Account.id)
            )
            return list(rows)

    async def update_staff(
        self, account_id: str, *, roles: Sequence[str] | None, status: str | None, actor: str
    ) -> Account:
        """Change a staff member's roles or status. Takes effect on their next request
        (the gateway reads roles and status per request). No admin can disable or demote
        themselves, and the last active admin can be neither disabled nor demoted."""
        new_roles = check_roles(roles) if roles is not None else None
        async with self.db.transaction() as session:
            # Every active staff row is locked, in id order, before the admin count: two
            # admins demoting each other at once are serialised, and the second sees the
            # first's change, so the platform never ends up without an admin.
            active_staff = list(
                await session.scalars(
                    select(Account)
                    .where(Account.kind == "staff", Account.status == "active")
                    .order_by(Account.id)
                    .with_for_update()
                )
            )
            account = await session.get(Account, account_id, with_for_update=True)
            if account is None or account.kind != "staff":
                raise NotFound("No such staff account.", code="account-not-found")
            is_admin = account.status == "active" and "admin" in (account.roles or [])
            loses_admin = is_admin and (
                status == "disabled" or (new_roles is not None and "admin" not in new_roles)
            )
            if loses_admin and account.id == actor:
                raise Conflict(
                    "You cannot disable your own account or remove your own admin role; "
                    "ask another admin.",
                    code="cannot-change-own-admin",
                )
            if loses_admin and not any(
                other.id != account.id and "admin" in (other.roles or []) for other in active_staff
            ):
                raise Conflict(
                    "This is the last active admin; make another admin first.",
                    code="last-admin",
                )
            if new_roles is not None:
                account.roles = new_roles
            if status is not None:
                account.status = status
                if status == "disabled":
                    await self._revoke_sessions(session, account.id)
            account.updated_at = utcnow()
        return account

    # --- sessions -----------------------------------------------------------------------

    async def login(self, email: str, password: str) -> IssuedTokens:
        async with self.db.read() as session:
            account = await session.scalar(
                select(Account).where(Account.email == normalise_email(email))
            )
        ok = await anyio.to_thread.run_sync(
            sec.verify_password, account.password_hash if account else None, password
        )
        if account is None or not ok:
            raise Unauthorized(INVALID_CREDENTIALS, code="invalid-credentials")
        if account.status != "active":
            raise Unauthorized("This account is disabled.", code="account-disabled")
        return await self.start_session(account)

    async def start_session(self, account: Account) -> IssuedTokens:
        now = utcnow()
        refresh = sec.new_refresh_token()
        session_row = Session(
            id=new_id("ses"),
            account_id=account.id,
            created_at=now,
            expires_at=now + self.refresh_ttl,
        )
        async with self.db.transaction() as session:
            session.add(session_row)
            await session.flush()
            session.add(
                RefreshToken(
                    token_hash=sec.digest(refresh),
                    session_id=session_row.id,
                    created_at=now,
                    expires_at=now + self.refresh_ttl,
                )
            )
            await session.execute(
                update(Account).where(Account.id == account.id).values(last_login_at=now)
            )
        return self._issue(account, session_row.id, refresh)

    def _issue(self, account: Account, session_id: str, refresh: str) -> IssuedTokens:
        access = self.tokens.mint(
            account_id=account.id,
            kind=account.kind,
            email=account.email,
            roles=list(account.roles or []),
            session_id=session_id,
        )
        return IssuedTokens(account, session_id, access, refresh, self.tokens.ttl_seconds)

    async def refresh(self, refresh_token: str) -> IssuedTokens:
        now = utcnow()
        invalid = Unauthorized(
            "The refresh token is not valid; sign in again.", code="refresh-invalid"
        )
        new_refresh = sec.new_refresh_token()
        reused = False
        async with self.db.transaction() as session:
            row = await session.get(RefreshToken, sec.digest(refresh_token), with_for_update=True)
            if row is None:
                raise invalid
            session_row = await session.get(Session, row.session_id, with_for_update=True)
            if session_row is None or session_row.revoked_at or session_row.expires_at <= now:
                raise invalid
            if row.used_at is not None:
                # A rotated-out token came back: someone holds a copy. End the session.
                session_row.revoked_at = now
                reused = True
            elif row.expires_at <= now:
                raise invalid
            else:
                account = await session.get(Account, session_row.account_id)
                if account is None or account.status != "active":
                    raise invalid
                row.used_at = now
                session.add(
                    RefreshToken(
                        token_hash=sec.digest(new_refresh),
                        session_id=session_row.id,
                        created_at=now,
                        expires_at=session_row.expires_at,
                    )
                )
        if reused:
            log.warning("refresh token reused; session revoked")
            raise invalid
        return self._issue(account, session_row.id, new_refresh)

    async def logout(self, *, session_id: str | None, refresh_token: str | None) -> None:
        async with self.db.transaction() as session:
            ids = set()
            if session_id:
                ids.add(session_id)
            if refresh_token:
                row = await session.get(RefreshToken, sec.digest(refresh_token))
                if row is not None:
                    ids.add(row.session_id)
            if ids:
                await session.execute(
                    update(Session)
                    .where(Session.id.in_(ids), Session.revoked_at.is_(None))
                    .values(revoked_at=utcnow())
                )

    async def session_active(self, session_id: str) -> bool:
        return await self.session_state(session_id) is not None

    async def session_state(self, session_id: str) -> SessionState | None:
        """The account behind a session that is live now (not revoked, not expired, its
        account active); None otherwise. Read per request, from the database every
        replica shares: a logout, a disabled account or a role change applies to the very
        next request everywhere."""
        # Core on a plain connection: this runs on every signed-in request.
        async with self.db.read_connection() as conn:
            params = {"session_id": session_id, "now": utcnow()}
            row = (await conn.execute(_LIVE_SESSION, params)).first()
        if row is None:
            return None
        return SessionState(row.id, row.kind, row.email, frozenset(row.roles or ()))

    async def end_all_sessions(self, account_id: str) -> None:
        """Sign out everywhere: every live session of the account ends now (browsers,
        access and refresh tokens alike), on every replica at its next request."""
        async with self.db.transaction() as session:
            await self._revoke_sessions(session, account_id)

    async def _revoke_sessions(self, session: object, account_id: str) -> None:
        await session.execute(  # type: ignore[attr-defined]
            update(Session)
            .where(Session.account_id == account_id, Session.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )

    # --- partners and API keys ------------------------------------------------------------

    async def create_partner(self, *, name: str, contact_email: str) -> Partner:
        now = utcnow()
        partner = Partner(
            id=new_id("ptn"),
            name=name.strip(),
            contact_email=normalise_email(contact_email),
            status="active",
            created_at=now,
            updated_at=now,
        )
        async with self.db.transaction() as session:
            session.add(partner)
        return partner

    async def list_partners(self) -> list[Partner]:
        async with self.db.read() as session:
            return list(await session.scalars(select(Partner).order_by(Partner.id)))

    async def get_partner(self, partner_id: str) -> Partner:
        async with self.db.read() as session:
            partner = await session.get(Partner, partner_id)
        if partner is None:
            raise NotFound("No such partner.", code="partner-not-found")
        return partner

    async def create_api_key(
        self, partner_id: str, *, name: str, scopes: Sequence[str], expires_at: datetime | None
    ) -> CreatedApiKey:
        checked = check_scopes(scopes)
        now = utcnow()
        if expires_at is not None and expires_at <= now:
            raise Unprocessable(
                "expires_at must be in the future.",
                code="invalid-expiry",
                errors=[{"field": "expires_at", "message": "must be in the future"}],
            )
        await self.get_partner(partner_id)
        made = sec.new_api_key()
        api_key = ApiKey(
            id=new_id("key"),
            partner_id=partner_id,
            name=name.strip(),
            prefix=made.prefix,
            key_hash=made.key_hash,
            scopes=checked,
            created_at=now,
            expires_at=expires_at,
        )
        async with self.db.transaction() as session:
            session.add(api_key)
        return CreatedApiKey(api_key, made.key)

    async def list_api_keys(self, partner_id: str) -> list[ApiKey]:
        await self.get_partner(partner_id)
        async with self.db.read() as session:
            rows = await session.scalars(
                select(ApiKey).where(ApiKey.partner_id == partner_id).order_by(ApiKey.created_at)
            )
            return list(rows)

    async def revoke_api_key(self, partner_id: str, key_id: str) -> ApiKey:
        async with self.db.transaction() as session:
            api_key = await session.get(ApiKey, key_id, with_for_update=True)
            if api_key is None or api_key.partner_id != partner_id:
                raise NotFound("No such API key for this partner.", code="api-key-not-found")
            if api_key.revoked_at is None:
                api_key.revoked_at = utcnow()
        self._forget_key(key_id)
        return api_key

    def _forget_key(self, key_id: str) -> None:
        for cached_digest, (_, cached) in list(self._key_cache.items()):
            if cached.key_id == key_id:
                self._key_cache.pop(cached_digest, None)

    async def _touch_key(self, key_id: str) -> None:
        """Record when a key was last used, for admins deciding what to revoke; written at
        most once a minute per key so the hot path stays a read."""
        if key_id in self._key_touched:
            return
        self._key_touched[key_id] = True
        async with self.db.transaction() as session:
            await session.execute(
                update(ApiKey).where(ApiKey.id == key_id).values(last_used_at=utcnow())
            )

    async def principal_for_api_key(self, key: str) -> ApiKeyCaller | None:
        """The key id and partner principal of a valid key; None for unknown, revoked or
        expired keys.

        A valid key is remembered for ``api_key_cache_seconds`` (1 s by default, never past
        its expiry) so a busy partner costs one lookup a second, not one per request.
        Revoking a key forgets it here at once; another gateway replica stops accepting
        it within that second. Invalid keys are never cached.
        """
        prefix = sec.api_key_prefix(key)
        if prefix is None:
            return None
        key_digest = sec.digest(key)
        now_mono = time.monotonic()
        hit = self._key_cache.get(key_digest)
        if hit is not None:
            return hit[1]
        now = utcnow()
        # Core on a plain connection: this runs per request on a cache miss, and the ORM
        # session machinery would cost more than the query.
        async with self.db.read_connection() as conn:
            row = (await conn.execute(_LIVE_API_KEY, {"prefix": prefix, "now": now})).first()
        if row is None or not hmac.compare_digest(key_digest, row.key_hash):
            return None
        await self._touch_key(row.id)
        principal = Principal(
            kind="partner",
            subject=row.partner_id,
            partner_id=row.partner_id,
            scopes=frozenset(row.scopes or ()),
            email=row.contact_email,  # whom notifications writes to about the partner's hooks
        )
        caller = ApiKeyCaller(row.id, principal)
        if self.api_key_cache_seconds > 0:
            until = now_mono + self.api_key_cache_seconds
            expires_at = as_utc(row.expires_at) if row.expires_at else None
            if expires_at is not None:
                until = min(until, now_mono + (expires_at - now).total_seconds())
            self._key_cache[key_digest] = (until, caller)
        return caller
