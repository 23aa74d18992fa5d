"""Administration: staff accounts, partner organisations and their API keys (admins only)."""

from fastapi import APIRouter, Depends, Header, Request
from fastapi.responses import JSONResponse

from gateway.api.auth import account_out
from gateway.deps import IdempotencyDep, IdentityDep
from gateway.models import ApiKey, Partner
from gateway.schemas import (
    AccountOut,
    ApiKeyCreated,
    ApiKeyIn,
    ApiKeyList,
    ApiKeyOut,
    PartnerIn,
    PartnerList,
    PartnerOut,
    StaffIn,
    StaffList,
    StaffPatch,
)
from lpx_common.auth import Principal, require
from lpx_common.ids import AccountId, ApiKeyId, PartnerId

admin_only = require(roles=("admin",))
router = APIRouter(prefix="/v1/admin", tags=["admin"])


def partner_out(partner: Partner) -> PartnerOut:
    return PartnerOut(
        id=partner.id,
        name=partner.name,
        contact_email=partner.contact_email,
        status=partner.status,
        created_at=partner.created_at,
    )


def api_key_out(api_key: ApiKey) -> ApiKeyOut:
    return ApiKeyOut(
        id=api_key.id,
        partner_id=api_key.partner_id,
        name=api_key.name,
        prefix=api_key.prefix,
        scopes=list(api_key.scopes or []),
        created_at=api_key.created_at,
        expires_at=api_key.expires_at,
        revoked_at=api_key.revoked_at,
        last_used_at=api_key.last_used_at,
    )


@router.post("/staff", status_code=201, response_model=AccountOut, summary="Create a staff account")
async def create_staff(
    body: StaffIn, identity: IdentityDep, _: Principal = Depends(admin_only)
) -> AccountOut:
    account = await identity.create_account(
        kind="staff", email=body.email, password=body.password, name=body.name, roles=body.roles
    )
    return account_out(account)


@router.get("/staff", response_model=StaffList, summary="List staff accounts")
async def list_staff(identity: IdentityDep, _: Principal = Depends(admin_only)) -> StaffList:
    return StaffList(items=[account_out(a) for a in await identity.list_staff()])


@router.patch(
    "/staff/{account_id}",
    response_model=AccountOut,
    summary="Change roles or disable a staff account",
)
async def update_staff(
    account_id: AccountId,
    body: StaffPatch,
    identity: IdentityDep,
    principal: Principal = Depends(admin_only),
) -> AccountOut:
    account = await identity.update_staff(
        account_id, roles=body.roles, status=body.status, actor=principal.subject
    )
    return account_out(account)


@router.post(
    "/partners",
    status_code=201,
    response_model=PartnerOut,
    summary="Create a partner organisation (Idempotency-Key optional: a retry replays)",
)
async def create_partner(
    body: PartnerIn,
    request: Request,
    identity: IdentityDep,
    store: IdempotencyDep,
    principal: Principal = Depends(admin_only),
    idempotency_key: str | None = Header(default=None, alias="Idempotency-Key", max_length=255),
) -> JSONResponse | PartnerOut:
    async def call() -> PartnerOut:
        return partner_out(
            await identity.create_partner(name=body.name, contact_email=body.contact_email)
        )

    return await store.run_request(request, principal, idempotency_key, body, call, status_code=201)


@router.get("/partners", response_model=PartnerList, summary="List partner organisations")
async def list_partners(identity: IdentityDep, _: Principal = Depends(admin_only)) -> PartnerList:
    return PartnerList(items=[partner_out(p) for p in await identity.list_partners()])


@router.get("/partners/{partner_id}", response_model=PartnerOut, summary="One partner")
async def get_partner(
    partner_id: PartnerId, identity: IdentityDep, _: Principal = Depends(admin_only)
) -> PartnerOut:
    return partner_out(await identity.get_partner(partner_id))


@router.post(
    "/partners/{partner_id}/api-keys",
    status_code=201,
    response_model=ApiKeyCreated,
    summary="Issue an API key; the key is in this answer only",
    description="No Idempotency-Key here on purpose: replaying the answer would mean "
    "storing the clear key. A lost answer is fixed by revoking and issuing another.",
)
async def create_api_key(
    partner_id: PartnerId, body: ApiKeyIn, identity: IdentityDep, _: Principal = Depends(admin_only)
) -> ApiKeyCreated:
    created = await identity.create_api_key(
        partner_id, name=body.name, scopes=body.scopes, expires_at=body.expires_at
    )
    return ApiKeyCreated(**api_key_out(created.api_key).model_dump(), key=created.key)


@router.get(
    "/partners/{partner_id}/api-keys", response_model=ApiKeyList, summary="List a partner's keys"
)
async def list_api_keys(
    partner_id: PartnerId, identity: IdentityDep, _: Principal = Depends(admin_only)
) -> ApiKeyList:
    return ApiKeyList(items=[api_key_out(k) for k in await identity.list_api_keys(partner_id)])


@router.delete(
    "/partners/{partner_id}/api-keys/{key_id}",
    response_model=ApiKeyOut,
    summary="Revoke an API key (effective at once)",
)
async def revoke_api_key(
    partner_id: PartnerId,
    key_id: ApiKeyId,
    identity: IdentityDep,
    _: Principal = Depends(admin_only),
) -> ApiKeyOut:
    return api_key_out(await identity.revoke_api_key(partner_id, key_id))
