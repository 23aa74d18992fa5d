"""Request and response shapes of the gateway's own routes (auth and administration)."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

_EMAIL = r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$"

StaffRole = Literal["sales", "finance", "operator", "admin"]
# No finance scope: finance reports are for JALUX finance staff, never for partners.
Scope = Literal["catalog:read", "bookings:read", "bookings:write", "webhooks:manage"]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class SignupIn(_In):
    email: str = Field(max_length=320, pattern=_EMAIL, examples=["ada@example.com"])
    password: str = Field(min_length=10, max_length=256, description="At least 10 characters.")
    name: str = Field(min_length=1, max_length=200)

    @field_validator("password")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank")
        return value


class LoginIn(_In):
    email: str = Field(max_length=320)
    password: str = Field(min_length=1, max_length=256)


class RefreshIn(_In):
    refresh_token: str = Field(min_length=1, max_length=256)


class LogoutIn(_In):
    refresh_token: str | None = Field(default=None, max_length=256)


class AccountOut(BaseModel):
    id: str
    kind: Literal["customer", "staff"]
    email: str
    name: str
    roles: list[str]
    status: str
    created_at: datetime


class TokensOut(BaseModel):
    token_type: Literal["Bearer"] = "Bearer"
    access_token: str
    expires_in: int = Field(description="Seconds the access token is valid for.")
    refresh_token: str = Field(description="Use once at /v1/auth/refresh; it rotates.")
    account: AccountOut


class MeOut(BaseModel):
    kind: str
    subject: str
    email: str | None = None
    roles: list[str] = []
    scopes: list[str] = []
    partner_id: str | None = None
    account: AccountOut | None = None


class StaffIn(_In):
    email: str = Field(max_length=320, pattern=_EMAIL)
    password: str = Field(min_length=12, max_length=256)
    name: str = Field(min_length=1, max_length=200)
    roles: list[StaffRole] = Field(min_length=1)


class StaffPatch(_In):
    roles: list[StaffRole] | None = Field(default=None, min_length=1)
    status: Literal["active", "disabled"] | None = None


class StaffList(BaseModel):
    items: list[AccountOut]


class PartnerIn(_In):
    name: str = Field(min_length=1, max_length=200)
    contact_email: str = Field(max_length=320, pattern=_EMAIL)


class PartnerOut(BaseModel):
    id: str
    name: str
    contact_email: str
    status: str
    created_at: datetime


class PartnerList(BaseModel):
    items: list[PartnerOut]


class ApiKeyIn(_In):
    name: str = Field(min_length=1, max_length=200, examples=["booking sync"])
    scopes: list[Scope] = Field(min_length=1)
    expires_at: datetime | None = Field(
        default=None, description="When the key stops working; omit for no expiry."
    )

    @field_validator("expires_at")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("must include a UTC offset")
        return value


class ApiKeyOut(BaseModel):
    id: str
    partner_id: str
    name: str
    prefix: str
    scopes: list[str]
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    last_used_at: datetime | None = None


class ApiKeyCreated(ApiKeyOut):
    key: str = Field(description="The API key. Shown this once only; store it safely.")


class ApiKeyList(BaseModel):
    items: list[ApiKeyOut]
