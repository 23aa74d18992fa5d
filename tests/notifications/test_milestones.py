"""A business booking's milestone invoiced, then overdue: the company's contact gets an
email for each and the partner that made the booking a signed webhook."""

import json
from datetime import UTC, datetime

import httpx

from notifications.domain.signing import verify
from tests.booking.support import booking_body, create_booking, key, make_offering
from tests.harness import Tokens
from tests.mail import MailSink
from tests.notifications.support import partner_id, receiver, register

ALL_CLEAR = {
    "content_fit": True,
    "technical_fit": True,
    "export_control_cleared": True,
    "sanctions_screening_cleared": True,
}


def test_milestone_invoiced_and_overdue_reach_the_company_and_the_partner(
    booking: httpx.Client,
    catalog: httpx.Client,
    notifications: httpx.Client,
    tokens: Tokens,
    mail: MailSink,
) -> None:
    pid = partner_id()
    company_email = f"ap-{pid[-8:].lower()}@moonworks.example"
    offering = make_offering(
        catalog,
        tokens,
        audience="business",
        capacity=5,
        unit_mass_grams=1_000,
        prices={"JPY": 150_000_000, "USD": 1_000_000_00},
    )
    body = booking_body(offering["id"], locale="en")
    body["business"] = {
        "company": {"name": "Moonworks KK", "email": company_email, "country": "JP"},
        "payload": {
            "mass_grams": 1_000,
            "envelope": {"length_mm": 100, "width_mm": 100, "height_mm": 50},
            "mounting_location": "top deck",
        },
    }
    with receiver() as hook:
        endpoint = register(
            notifications,
            tokens.partner(pid, "webhooks:manage"),
            hook.url,
            "milestone.invoiced",
            "milestone.overdue",
        )
        made = create_booking(booking, tokens.partner(pid, "bookings:write"), body)
        approved = booking.post(
            f"/v1/bookings/{made['id']}/review",
            json={
                "decision": "approve",
                "checklist": ALL_CLEAR,
                "reason": "fits",
                "schedule": [
                    {"label": "Deposit", "percent_bps": 1000, "due_event": "approval"},
                    {"label": "Balance", "percent_bps": 9000, "due_event": "launch"},
                ],
            },
            headers=tokens.staff("sales"),
        )
        assert approved.status_code == 200, approved.text
        deposit = approved.json()["milestones"][0]
        (invoiced,) = mail.wait_for(company_email, 1)
        assert "Deposit" in invoiced.subject and made["id"] in invoiced.subject
        assert "¥15,000,000" in invoiced.part("plain")
        # Payments reports the invoice overdue.
        overdue = booking.post(
            f"/v1/internal/bookings/{made['id']}/milestone-events",
            json={
                "milestone_id": deposit["id"],
                "invoice_id": "in_overdue_1",
                "event": "overdue",
                "occurred_at": datetime.now(UTC).isoformat(),
            },
            headers={**tokens.service("payments"), "Idempotency-Key": key()},
        )
        assert overdue.status_code == 200, overdue.text
        emails = mail.wait_for(company_email, 2)
        assert "overdue" in emails[1].subject
        hook.wait(lambda got: len(got) >= 2)
        sent = [json.loads(r.body) for r in hook.received]
    assert [e["type"] for e in sent] == ["milestone.invoiced", "milestone.overdue"]
    assert all(e["subject_id"] == made["id"] for e in sent)
    assert sent[0]["sequence"] < sent[1]["sequence"]
    assert sent[1]["data"]["milestone"] == {
        **sent[1]["data"]["milestone"],
        "id": deposit["id"],
        "status": "overdue",
        "amount_minor": 15_000_000,
        "invoice_id": "in_overdue_1",
    }
    assert all(
        verify(endpoint["secret"], r.headers["lpx-signature"], r.body) for r in hook.received
    )
