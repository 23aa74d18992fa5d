from functools import lru_cache

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from lpx_common.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="BOOKING_", extra="ignore")

    service_name: str = "booking"
    database_url: str = "sqlite+aiosqlite:///./var/booking.sqlite3"

    # Peers. Booking holds capacity at the catalog and asks payments to take money.
    catalog_url: str = "http://127.0.0.1:8001"
    payments_url: str = "http://127.0.0.1:8003"
    # Told of every status change that a customer or partner hears about.
    notifications_url: str = "http://127.0.0.1:8004"

    # How long a consumer hold lasts before the buyer reaches checkout.
    hold_ttl_seconds: int = Field(default=900, ge=1, le=86_400)
    # At checkout the hold is stretched to at least this long: Stripe Checkout Sessions
    # must live 30 minutes or more, and the session must not outlive the hold.
    checkout_hold_seconds: int = Field(default=2_100, ge=5, le=86_400)
    # The session ends this much before the hold so a late payment never beats the hold.
    checkout_session_margin_seconds: int = Field(default=60, ge=0, le=3_600)
    # Stripe refuses a Checkout Session that lives less than 30 minutes: a checkout that
    # would end sooner (the sale closes) is refused with a clear problem instead.
    checkout_min_session_seconds: int = Field(default=1_800, ge=1, le=86_400)
    checkout_success_url: str = "http://127.0.0.1:8000/bookings/{booking_id}?paid=1"
    checkout_cancel_url: str = "http://127.0.0.1:8000/bookings/{booking_id}"

    # An approved business booking keeps its capacity held this long, so the deposit
    # invoice can be paid before anyone else may take the slot (catalog max: 90 days).
    approval_hold_days: int = Field(default=30, ge=1, le=90)
    # Business invoices are due this many days after they are issued (event milestones),
    # and date milestones are invoiced this many days before their due date.
    invoice_due_days: int = Field(default=14, ge=0, le=365)
    invoice_lead_days: int = Field(default=14, ge=0, le=365)

    # `GET /v1/bookings/{id}` with If-None-Match and `Prefer: wait=N` answers when the
    # booking changes: at once for a change committed by this process, else found by a
    # read every `wait_recheck_seconds`. At most `max_waiting_reads` wait at a time
    # (each holds a gateway connection), for at most `wait_max_seconds` (under the
    # gateway's upstream read timeout).
    wait_max_seconds: float = Field(default=20.0, ge=0, le=25)
    wait_recheck_seconds: float = Field(default=1.0, gt=0)
    max_waiting_reads: int = Field(default=64, ge=0)

    # Background workers; intervals are small in tests, the defaults suit production.
    workers_enabled: bool = True
    outbox_enabled: bool = True
    expiry_poll_seconds: float = Field(default=5.0, gt=0)
    mission_events_poll_seconds: float = Field(default=5.0, gt=0)
    milestone_poll_seconds: float = Field(default=60.0, gt=0)
    refund_watch_seconds: float = Field(default=15.0, gt=0)
    # Draws ballots whose time has come and offers their places down the ranking.
    ballot_poll_seconds: float = Field(default=5.0, gt=0)
    # Offers capacity that came back down each waiting list (also woken at once when a
    # booking's hold goes back to the catalog, or someone joins).
    waitlist_poll_seconds: float = Field(default=5.0, gt=0)


@lru_cache
def get_settings() -> Settings:
    return Settings()  # type: ignore[call-arg]  # values come from the environment
