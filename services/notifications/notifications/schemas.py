"""Request and response shapes of the notifications API (this service's own copies)."""

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from lpx_common.ids import PartnerId, prefixed_id
from notifications.domain.events import EventType

EventId = prefixed_id("evt", "msg")
EndpointId = prefixed_id("whe")
DeliveryId = prefixed_id("dlv")
# bap: a ballot application; wle: a waiting-list entry
SubjectId = prefixed_id("bkg", "msn", "pay", "rfd", "bap", "wle")


# An address to write to (the shape only; the SMTP server has the last word).
Email = Annotated[str, Field(max_length=320, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
Locale = Literal["ja", "en"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EventIn(Strict):
    """An event a peer reports. ``id`` is the sender's outbox message id."""

    id: EventId
    type: EventType
    occurred_at: datetime
    subject_id: SubjectId
    sequence: int = Field(ge=0, le=2**62, strict=True, description="Per subject, rising.")
    partner_id: PartnerId | None = Field(
        default=None, description="The partner the subject belongs to, if any."
    )
    data: dict[str, Any] = Field(description="The subject's details (booking, mission...).")


class EventAccepted(BaseModel):
    id: str
    emails: int
    deliveries: int


class EndpointIn(Strict):
    url: str = Field(min_length=8, max_length=2048)
    event_types: list[EventType] = Field(min_length=1, max_length=len(EventType))
    description: str = Field(default="", max_length=500)
    partner_id: PartnerId | None = Field(
        default=None, description="Staff only: the partner the endpoint is for."
    )
    contact_email: Email | None = Field(
        default=None,
        description="Who is told if the endpoint is disabled for failing "
        "(default: the partner's contact address).",
    )
    contact_locale: Locale = Field(default="ja", description="The language of that email.")


class EndpointPatch(Strict):
    url: str | None = Field(default=None, min_length=8, max_length=2048)
    event_types: list[EventType] | None = Field(default=None, min_length=1)
    description: str | None = Field(default=None, max_length=500)
    status: Literal["enabled", "disabled"] | None = None
    contact_email: Email | None = None
    contact_locale: Locale | None = None


class EndpointOut(BaseModel):
    id: str
    partner_id: str
    url: str
    description: str
    event_types: list[str]
    status: str
    disabled_reason: str | None
    disabled_at: datetime | None
    failing_since: datetime | None
    contact_email: str | None
    contact_locale: str
    previous_secret_expires_at: datetime | None
    created_at: datetime
    updated_at: datetime


class EndpointWithSecret(EndpointOut):
    secret: str = Field(description="Shown this once: keep it to verify signatures.")


class RollSecretIn(Strict):
    overlap_seconds: int | None = Field(
        default=None,
        ge=0,
        le=7 * 86_400,
        strict=True,
        description="How long the old secret keeps signing too (default: one day).",
    )


class DeliveryOut(BaseModel):
    id: str
    endpoint_id: str
    event_id: str
    event_type: str
    status: str
    attempts: int
    last_status_code: int | None
    last_error: str | None
    next_attempt_at: datetime | None
    created_at: datetime
    delivered_at: datetime | None
    failed_at: datetime | None


class AttemptOut(BaseModel):
    delivery_id: str
    event_id: str
    attempt: int
    at: datetime
    request_bytes: int
    status_code: int | None
    latency_ms: int
    error: str | None


class RedeliverFailedIn(Strict):
    since: datetime


class Redelivered(BaseModel):
    redelivered: int


class EmailOut(BaseModel):
    id: str
    event_id: str
    to: str
    template: str
    locale: str
    status: str
    attempts: int
    last_error: str | None
    provider_message_id: str | None
    created_at: datetime
    sent_at: datetime | None
    failed_at: datetime | None
