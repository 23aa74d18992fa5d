"""Reconciliation: a mixed month adds up; a payout that does not is flagged; each
exception list catches a planted case; the CSV streams with per-currency amounts."""

import asyncio
import secrets
from datetime import UTC, datetime, timedelta

import httpx

from lpx_common.db import Database
from payments.finance.domain.reconciliation import Range
from payments.finance.domain.reconciliation_csv import copy_stmt, csv_stmt, write_csv
from tests.finance.support import (
    approved_business_booking,
    control,
    foreign_charge,
    invoice_of,
    key,
    next_second,
    paid_consumer_booking,
    parse_csv,
    payments_rows,
    payout,
    report,
    stripe_get,
    stripe_post,
    sync,
    wait_for,
)
from tests.harness import Platform, Tokens

CSV_HEADER = (
    "balance_transaction_id,created,available_on,booking_id,payer_kind,type,"
    "reporting_category,source_id,charge_id,refund_id,dispute_id,payment_intent_id,"
    "invoice_id,payout_id,currency,gross_minor,fee_minor,net_minor,gross,fee,net"
)


async def both_csvs(url: str, start: datetime, end: datetime) -> tuple[bytes, bytes]:
    db = Database(url)
    try:
        period = Range(start, end)
        by_copy = b"".join([chunk async for chunk in db.copy_csv(copy_stmt(period))])
        by_python = b"".join([chunk async for chunk in write_csv(db, csv_stmt(period))])
        return by_copy, by_python
    finally:
        await db.dispose()


def payment_of(payments: httpx.Client, tokens: Tokens, booking_id: str) -> dict:
    answer = payments.get(
        "/v1/payments",
        params={"booking_id": booking_id, "status": "succeeded"},
        headers=tokens.staff("finance"),
    )
    assert answer.status_code == 200, answer.text
    return answer.json()["items"][0]


def txn_of(stripe: httpx.Client, charge_id: str) -> str:
    return stripe_get(stripe, f"/v1/charges/{charge_id}")["balance_transaction"]


def ledger_has(platform: Platform, txn: str) -> bool:
    return bool(
        payments_rows(
            platform, "SELECT 1 FROM ledger_entries WHERE stripe_balance_transaction_id = $1", txn
        )
    )


def finance_refund(payments: httpx.Client, tokens: Tokens, payment_id: str, amount: int | None):
    body = {"reason": "requested_by_customer"} | ({"amount_minor": amount} if amount else {})
    answer = payments.post(
        f"/v1/payments/{payment_id}/refunds",
        json=body,
        headers={**tokens.staff("finance"), "Idempotency-Key": key()},
    )
    assert answer.status_code == 201, answer.text
    return answer.json()


def refund_txn(stripe: httpx.Client, charge_id: str) -> list[str]:
    refunds = stripe_get(stripe, "/v1/refunds", charge=charge_id)["data"]
    return [r["balance_transaction"] for r in refunds]


def test_a_mixed_month_reconciles_to_zero_differences(
    platform: Platform,
    booking: httpx.Client,
    catalog: httpx.Client,
    payments: httpx.Client,
    stripe_standin: httpx.Client,
    tokens: Tokens,
) -> None:
    start = next_second()
    card_jpy = paid_consumer_booking(booking, catalog, stripe_standin, tokens)
    card_usd = paid_consumer_booking(booking, catalog, stripe_standin, tokens, currency="USD")
    disputed = paid_consumer_booking(booking, catalog, stripe_standin, tokens)
    company = approved_business_booking(booking, catalog, tokens)
    invoice = invoice_of(payments, tokens, company["id"], status="open")
    stripe_post(
        stripe_standin,
        f"/v1/test_helpers/customers/{invoice['stripe_customer_id']}/fund_cash_balance",
        {"amount": invoice["amount_minor"], "currency": "jpy"},
    )
    paid_invoice = invoice_of(payments, tokens, company["id"], status="paid")
    # A partial refund by finance, and a dispute on another card payment.
    refund = finance_refund(
        payments, tokens, payment_of(payments, tokens, card_jpy["id"])["id"], 20_000
    )
    # The cardholder disputes part of the charge (so the payout carrying it stays positive).
    dispute = control(
        stripe_standin, f"/charges/{disputed['charge_id']}/dispute", {"amount": 30_000}
    )
    charge_txns = {
        b["id"]: txn_of(stripe_standin, b["charge_id"]) for b in (card_jpy, card_usd, disputed)
    }
    deposit_charge = stripe_get(
        stripe_standin, f"/v1/invoices/{paid_invoice['stripe_invoice_id']}"
    )["charge"]
    charge_txns[company["id"]] = txn_of(stripe_standin, deposit_charge)
    refund_txns = wait_for(lambda: refund_txn(stripe_standin, card_jpy["charge_id"]))
    dispute_txn = dispute["balance_transactions"][0]["id"]
    # Two payouts: one carries card and bank-transfer money less the refund; the other
    # the disputed payment less its chargeback.
    first = payout(
        stripe_standin,
        "jpy",
        [charge_txns[card_jpy["id"]], *refund_txns, charge_txns[company["id"]]],
    )
    second = payout(stripe_standin, "jpy", [charge_txns[disputed["id"]], dispute_txn])
    every_txn = [*charge_txns.values(), *refund_txns, dispute_txn]
    for txn in every_txn:
        wait_for(lambda txn=txn: ledger_has(platform, txn), timeout=30)
    for po in (first, second):
        wait_for(lambda po=po: ledger_has(platform, po["balance_transaction"]), timeout=30)
    sync(payments, tokens)
    end = datetime.now(UTC) + timedelta(seconds=2)

    result = report(payments, tokens, start, end)
    summary, exceptions = result["summary"], result["exceptions"]
    assert summary["differences"] == 0, exceptions
    assert summary["payouts_checked"] == 2 and summary["payouts_unbalanced"] == 0
    assert {p["payout_id"]: p["check"] for p in result["payouts"]} == {
        first["id"]: "balanced",
        second["id"]: "balanced",
    }
    for name in (
        "paid_not_confirmed",
        "confirmed_not_paid",
        "refunded_still_active",
        "ledger_without_stripe",
        "stripe_without_ledger",
        "ledger_amount_mismatches",
    ):
        assert exceptions[name] == [], name
    # The open dispute is listed with Stripe's evidence deadline.
    (listed,) = [d for d in exceptions["open_disputes"] if d["booking_id"] == disputed["id"]]
    assert listed["stripe_dispute_id"] == dispute["id"] and listed["evidence_due_by"]

    rows = {r["balance_transaction_id"]: r for r in result["rows"]}
    assert set(rows) == {*every_txn, first["balance_transaction"], second["balance_transaction"]}
    assert summary["row_count"] == len(rows) == 8
    for booking_id, txn in charge_txns.items():
        assert rows[txn]["booking_id"] == booking_id
    assert rows[charge_txns[company["id"]]]["payer_kind"] == "business"
    assert rows[charge_txns[company["id"]]]["invoice_id"] == paid_invoice["stripe_invoice_id"]
    assert rows[charge_txns[card_jpy["id"]]]["payer_kind"] == "consumer"
    assert rows[refund_txns[0]]["booking_id"] == card_jpy["id"]
    assert rows[refund_txns[0]]["refund_id"] and rows[refund_txns[0]]["gross_minor"] == -20_000
    assert rows[dispute_txn]["booking_id"] == disputed["id"]
    assert rows[dispute_txn]["reporting_category"] == "dispute"
    assert rows[charge_txns[card_jpy["id"]]]["payout_id"] == first["id"]
    usd = rows[charge_txns[card_usd["id"]]]
    assert usd["currency"] == "USD" and usd["payout_id"] is None
    assert (usd["gross_minor"], usd["gross"]) == (46_000, "460.00")
    assert usd["net"] == f"{usd['net_minor'] // 100}.{usd['net_minor'] % 100:02d}"
    jpy = rows[charge_txns[card_jpy["id"]]]
    assert (jpy["gross"], jpy["fee"]) == ("70000", str(jpy["fee_minor"]))
    assert refund["amount_minor"] == 20_000

    # JSON rows come in pages (at most 1000 each): two pages of 5 give the same 8 rows.
    page_one = report(payments, tokens, start, end, limit=5)
    page_two = report(payments, tokens, start, end, limit=5, cursor=page_one["next_cursor"])
    paged = [r["balance_transaction_id"] for r in page_one["rows"] + page_two["rows"]]
    assert len(page_one["rows"]) == 5 and page_two["next_cursor"] is None
    assert sorted(paged) == sorted(rows) and len(set(paged)) == 8

    # Per payout, and the CSV of the same range.
    one = payments.get(
        f"/v1/finance/reconciliation/payouts/{first['id']}", headers=tokens.staff("finance")
    ).json()
    assert one["payout"]["check"] == "balanced"
    assert sum(r["net_minor"] for r in one["rows"] if r["type"] != "payout") == first["amount"]

    with payments.stream(
        "GET",
        "/v1/finance/reconciliation.csv",
        params={"from": start.isoformat(), "to": end.isoformat()},
        headers=tokens.staff("finance"),
    ) as streamed:
        assert streamed.status_code == 200
        assert streamed.headers["content-type"].startswith("text/csv")
        assert "content-length" not in streamed.headers  # streamed, not built in memory
        assert streamed.headers.get("transfer-encoding") == "chunked"
        text = "".join(streamed.iter_text())
    assert text.splitlines()[0] == CSV_HEADER
    csv_rows = {r["balance_transaction_id"]: r for r in parse_csv(text)}
    assert set(csv_rows) == set(rows)
    line = csv_rows[charge_txns[card_usd["id"]]]
    assert (line["currency"], line["gross_minor"], line["gross"]) == ("USD", "46000", "460.00")
    assert csv_rows[dispute_txn]["net"] == str(rows[dispute_txn]["net_minor"])  # JPY: no decimals
    assert csv_rows[charge_txns[company["id"]]]["payer_kind"] == "business"
    # PostgreSQL writes that CSV (COPY); the local run's Python writer gives the same bytes.
    by_copy, by_python = asyncio.run(both_csvs(platform.database("payments"), start, end))
    assert by_copy.decode() == text and by_python == by_copy


def test_a_payout_whose_transactions_do_not_add_up_is_flagged(
    payments: httpx.Client, stripe_standin: httpx.Client, tokens: Tokens
) -> None:
    start = next_second()
    txn = foreign_charge(stripe_standin, 50_000)
    net = stripe_get(stripe_standin, f"/v1/balance_transactions/{txn}")["net"]
    short = payout(stripe_standin, "jpy", [txn], amount=net - 700)
    answer = payments.post(
        f"/v1/finance/payouts/{short['id']}/sync", headers=tokens.staff("finance")
    )
    assert answer.status_code == 200, answer.text
    check = payments.get(
        f"/v1/finance/reconciliation/payouts/{short['id']}", headers=tokens.staff("finance")
    ).json()["payout"]
    assert check["check"] == "mismatch" and check["balanced"] is False
    assert check["amount"]["minor"] == net - 700
    assert check["transactions_net"]["minor"] == net
    assert check["difference"] == {"minor": 700, "major": "700"}
    result = report(payments, tokens, start, datetime.now(UTC) + timedelta(seconds=2))
    assert result["summary"]["payouts_unbalanced"] == 1
    assert result["summary"]["differences"] >= 1
    missing = payments.get(
        "/v1/finance/reconciliation/payouts/po_unknown", headers=tokens.staff("finance")
    )
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/problem+json")


def test_a_payment_is_in_the_report_before_any_payout_or_sync(
    booking: httpx.Client,
    catalog: httpx.Client,
    payments: httpx.Client,
    stripe_standin: httpx.Client,
    tokens: Tokens,
) -> None:
    start = next_second()
    paid = paid_consumer_booking(booking, catalog, stripe_standin, tokens)
    end = datetime.now(UTC) + timedelta(minutes=1)

    def report_with_the_payment() -> tuple[dict, list[dict]] | None:
        answer = report(payments, tokens, start, end, limit=1000)
        rows = [r for r in answer["rows"] if r["booking_id"] == paid["id"]]
        # A transaction synced a moment ago may be listed before its payer is attributed
        # (a later step of the same sync); the report settles within the wait.
        return (answer, rows) if rows and rows[0]["payer_kind"] else None

    answer, rows = wait_for(report_with_the_payment, timeout=30)
    assert [r["charge_id"] for r in rows] == [paid["charge_id"]]
    assert rows[0]["payer_kind"] == "consumer" and rows[0]["payout_id"] is None
    for listed in ("ledger_without_stripe", "confirmed_not_paid", "paid_not_confirmed"):
        assert all(e.get("booking_id") != paid["id"] for e in answer["exceptions"][listed])


def test_each_exception_list_catches_its_planted_case(
    platform: Platform,
    booking: httpx.Client,
    catalog: httpx.Client,
    payments: httpx.Client,
    stripe_standin: httpx.Client,
    tokens: Tokens,
) -> None:
    start = next_second()
    # Refunded in full by finance, behind booking's back: booking is still confirmed.
    refunded = paid_consumer_booking(booking, catalog, stripe_standin, tokens)
    finance_refund(payments, tokens, payment_of(payments, tokens, refunded["id"])["id"], None)
    # A deposit marked paid at Stripe out of band: booking confirms, no money arrived.
    company = approved_business_booking(booking, catalog, tokens)
    out_of_band = invoice_of(payments, tokens, company["id"], status="open")
    stripe_post(
        stripe_standin,
        f"/v1/invoices/{out_of_band['stripe_invoice_id']}/pay",
        {"paid_out_of_band": "true"},
    )
    wait_for(
        lambda: (
            booking.get(f"/v1/bookings/{company['id']}", headers=company["sales_headers"]).json()[
                "status"
            ]
            == "confirmed"
        ),
        timeout=30,
    )
    # Paid, but booking's last word on it is "expired" (planted in payments' view).
    paid = paid_consumer_booking(booking, catalog, stripe_standin, tokens)
    wait_for(
        lambda: payments_rows(
            platform, "SELECT 1 FROM booking_status_views WHERE booking_id = $1", paid["id"]
        )
    )
    payments_rows(
        platform,
        "UPDATE booking_status_views SET status = 'expired', booking_updated_at = now() "
        "WHERE booking_id = $1",
        paid["id"],
    )
    # A disputed charge, and an overdue company invoice.
    disputed = paid_consumer_booking(booking, catalog, stripe_standin, tokens)
    dispute = control(stripe_standin, f"/charges/{disputed['charge_id']}/dispute", {})
    late = approved_business_booking(booking, catalog, tokens, currency="USD")
    late_invoice = invoice_of(payments, tokens, late["id"], status="open")
    control(stripe_standin, f"/invoices/{late_invoice['stripe_invoice_id']}/overdue")
    wait_for(
        lambda: payments.get(
            f"/v1/finance/invoices/{late_invoice['id']}", headers=tokens.staff("finance")
        ).json()["overdue"]
    )
    # Stripe money the ledger never recorded (a manual payout still pending) ...
    manual = stripe_post(stripe_standin, "/v1/payouts", {"amount": 1, "currency": "jpy"})
    # ... and a ledger posting naming a balance transaction Stripe does not have.
    ghost_txn = f"txn_ghost{secrets.token_hex(6)}"
    journal = f"jrn_ghost{secrets.token_hex(6)}"
    payments_rows(
        platform,
        "INSERT INTO ledger_journals (id, kind, source_key, currency, booking_id, "
        "stripe_balance_transaction_id, created_at) VALUES ($1, 'payment_captured', $1, 'JPY', "
        "'bkg_ghost', $2, now())",
        journal,
        ghost_txn,
    )
    payments_rows(
        platform,
        "INSERT INTO ledger_entries (id, journal_id, account, side, amount_minor, currency, "
        "booking_id, stripe_balance_transaction_id, created_at) VALUES "
        "($1 || 'd', $1, 'stripe_balance', 'debit', 500, 'JPY', 'bkg_ghost', $2, now()), "
        "($1 || 'c', $1, 'customer_deposits', 'credit', 500, 'JPY', 'bkg_ghost', $2, now())",
        journal,
        ghost_txn,
    )
    wait_for(lambda: refund_txn(stripe_standin, refunded["charge_id"]))
    wait_for(
        lambda: payments_rows(
            platform,
            "SELECT 1 FROM refunds WHERE booking_id = $1 AND status = 'succeeded'",
            refunded["id"],
        ),
        timeout=30,
    )
    sync(payments, tokens)

    result = report(payments, tokens, start, datetime.now(UTC) + timedelta(seconds=2))
    exceptions = result["exceptions"]

    def ids(name: str, field: str = "booking_id") -> set[str]:
        return {item[field] for item in exceptions[name]}

    assert ids("refunded_still_active") == {refunded["id"]}
    assert ids("confirmed_not_paid") == {company["id"]}
    assert ids("paid_not_confirmed") == {paid["id"]}
    assert exceptions["paid_not_confirmed"][0]["booking_status"] == "expired"
    assert disputed["id"] in ids("open_disputes")
    assert dispute["id"] in ids("open_disputes", "stripe_dispute_id")
    assert late_invoice["id"] in ids("invoices_past_due", "invoice_id")
    assert ids("stripe_without_ledger", "balance_transaction_id") == {manual["balance_transaction"]}
    assert ids("ledger_without_stripe", "journal_id") == {journal}
    assert {p["payout_id"]: p["check"] for p in result["payouts"]} == {manual["id"]: "not_itemized"}
    assert result["summary"]["differences"] == 5


def test_reconciliation_needs_finance_and_a_valid_range(
    payments: httpx.Client, tokens: Tokens
) -> None:
    params = {"from": "2026-01-01", "to": "2026-01-31"}
    assert (
        payments.get(
            "/v1/finance/reconciliation", params=params, headers=tokens.staff("sales")
        ).status_code
        == 403
    )
    assert (
        payments.get(
            "/v1/finance/reconciliation.csv", params=params, headers=tokens.customer()
        ).status_code
        == 403
    )
    assert payments.get("/v1/finance/reconciliation", params=params).status_code == 401
    whole_month = payments.get(
        "/v1/finance/reconciliation", params=params, headers=tokens.staff("admin")
    )
    assert whole_month.status_code == 200
    assert whole_month.json()["to"].startswith("2026-02-01T00:00:00")  # `to` day included
    for bad in (
        {"from": "2026-02-01", "to": "2026-01-01"},
        {"from": "yesterday", "to": "2026-01-01"},
    ):
        answer = payments.get(
            "/v1/finance/reconciliation", params=bad, headers=tokens.staff("finance")
        )
        assert answer.status_code == 422
        assert answer.headers["content-type"].startswith("application/problem+json")
    too_many = payments.get(
        "/v1/finance/reconciliation",
        params={**params, "limit": 5000},
        headers=tokens.staff("finance"),
    )
    assert too_many.status_code == 422
