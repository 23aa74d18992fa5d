"""Emails to customers over real SMTP: a consumer booking paid with 4242 through the
gateway produces the held and the confirmed email, in the customer's language."""

import time

import httpx

from tests.e2e.conftest import Stack, idem
from tests.harness import Tokens
from tests.mail import MailSink


def _book(
    stack: Stack, buyer_headers: dict[str, str], email: str, offering: str, **extra: str
) -> str:
    answer = stack.gw.post(
        "/v1/bookings",
        json={
            "lines": [{"offering_id": offering, "quantity": 1}],
            "contact": {"name": "Aiko Tanaka", "email": email},
            "currency": "JPY",
            **extra,
        },
        headers=buyer_headers | idem(),
    )
    assert answer.status_code == 201, answer.text
    return answer.json()["id"]


def test_a_paid_booking_sends_the_held_and_confirmed_emails_in_the_customers_language(
    stack: Stack, mail: MailSink
) -> None:
    offering = stack.offering()
    for lang in ("en", "ja"):
        buyer = stack.customer()
        booking_id = _book(stack, buyer.headers, buyer.email, offering["id"], locale=lang)
        (held,) = mail.wait_for(buyer.email, 1)
        checkout = stack.checkout(buyer, booking_id)
        assert stack.pay(checkout).status_code == 200
        stack.wait_status(buyer, booking_id, "confirmed")
        held, confirmed = mail.wait_for(buyer.email, 2)
        if lang == "en":
            assert held.subject == f"Booking {booking_id}: your place is held"
            assert confirmed.subject == f"Booking {booking_id} is confirmed"
            assert "We received your payment of ¥70,000" in confirmed.part("plain")
            assert "Memento capsule S × 1: ¥70,000" in confirmed.part("plain")
        else:
            assert held.subject == f"ご予約 {booking_id}：お席を確保しました"
            assert confirmed.subject == f"ご予約 {booking_id} が確定しました"
            assert "¥70,000のお支払いを受領し" in confirmed.part("plain")
        for message in (held, confirmed):
            assert message.message["Content-Language"] == lang
            assert f"/bookings/{booking_id}" in message.part("plain")
            assert f'href="{stack.platform.url("gateway")}/bookings/{booking_id}"' in message.part(
                "html"
            )


def test_the_confirmed_email_speaks_the_language_of_the_final_confirmation(
    stack: Stack, mail: MailSink
) -> None:
    offering = stack.offering()
    buyer = stack.customer()
    booking_id = _book(stack, buyer.headers, buyer.email, offering["id"])  # Japanese first
    confirmed = stack.gw.post(
        f"/v1/bookings/{booking_id}/confirmation",
        json={"terms_version": "2026-12-01", "locale": "en"},
        headers=buyer.headers | idem(),
    )
    assert confirmed.status_code == 200, confirmed.text
    assert stack.pay(stack.checkout(buyer, booking_id)).status_code == 200
    held, paid = mail.wait_for(buyer.email, 2)
    assert held.subject.startswith("ご予約") and paid.subject.endswith("is confirmed")


def test_each_send_is_recorded_and_admins_see_it(
    stack: Stack, mail: MailSink, notifications: httpx.Client, tokens: Tokens
) -> None:
    offering = stack.offering()
    buyer = stack.customer()
    _book(stack, buyer.headers, buyer.email, offering["id"], locale="en")
    (received,) = mail.wait_for(buyer.email, 1)
    admin = tokens.staff("admin")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        items = notifications.get(
            "/v1/notifications/emails", params={"to": buyer.email}, headers=admin
        ).json()["items"]
        if items and items[0]["status"] == "sent":
            break
        time.sleep(0.1)
    (record,) = items
    assert record["template"] == "booking.held" and record["locale"] == "en"
    assert record["attempts"] == 1
    assert record["provider_message_id"] == received.message["Message-ID"]
    # Customers and partners cannot read anyone's emails; finance neither.
    for headers in (tokens.customer(), tokens.staff("finance")):
        assert notifications.get("/v1/notifications/emails", headers=headers).status_code == 403


def test_a_declined_card_sends_the_payment_failed_email_in_the_customers_language(
    stack: Stack, mail: MailSink
) -> None:
    offering = stack.offering()
    buyer = stack.customer()
    booking_id = _book(stack, buyer.headers, buyer.email, offering["id"], locale="en")
    checkout = stack.checkout(buyer, booking_id)
    stack.pay(checkout, card="4000000000000002")  # declined
    _held, failed = mail.wait_for(buyer.email, 2)
    # Payments knows no email or language: notifications took them from the booking.
    assert failed.subject == f"Booking {booking_id}: the payment did not go through"
    assert "declined" in failed.part("plain") and failed.message["Content-Language"] == "en"
