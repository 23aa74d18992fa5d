"""Finance pages of the back office over plain HTTP against the real services: a payout
drills down to the balance transactions it carried, the charts draw revenue and payouts
from the payments service's per-day sums, invoices filter by status and page by cursor,
and a bad filter or cursor is a page with the problem in words."""

import re
from datetime import datetime, timedelta

import httpx
from starlette.requests import Request

from gateway.backoffice.paging import pager
from gateway.i18n import JST
from tests.finance.support import (
    approved_business_booking,
    foreign_charge,
    invoice_of,
    payout,
    sync,
)
from tests.gateway.backoffice_support import staff_client
from tests.gateway.conftest import Account, create_staff
from tests.harness import Platform, Tokens


def test_a_payout_drills_down_to_its_transactions_and_the_charts_show_it(
    platform: Platform,
    gateway: httpx.Client,
    admin: Account,
    payments: httpx.Client,
    stripe_standin: httpx.Client,
    tokens: Tokens,
) -> None:
    txns = [foreign_charge(stripe_standin, 12_345), foreign_charge(stripe_standin, 54_321)]
    po = payout(stripe_standin, "jpy", txns)
    sync(payments, tokens)
    client = staff_client(platform.url("gateway"), create_staff(gateway, admin, "finance"))
    today = datetime.now(JST).date().isoformat()
    day = {"start": today, "stop": today}

    recon = client.get("/backoffice/finance/reconciliation", params=day)
    assert recon.status_code == 200, recon.text
    row = re.search(rf'<tr data-payout="{po["id"]}">(.*?)</tr>', recon.text, re.S)
    assert row and "Adds up" in row.group(1)

    drill = client.get(f"/backoffice/finance/payouts/{po['id']}")
    assert drill.status_code == 200, drill.text
    assert all(f'data-txn="{t}"' in drill.text for t in txns)
    assert "¥12,345" in drill.text and "¥54,321" in drill.text
    assert re.search(r'id="payout-check"><span class="">Adds up', drill.text)

    charts = client.get("/backoffice/finance/charts", params=day)
    assert charts.status_code == 200, charts.text
    for title in ("Revenue per day (JPY)", "Payouts per day (JPY)"):
        assert f'aria-label="{title}"' in charts.text, title
    # A year is drawn a column per month, from the same sums.
    year = {"start": (datetime.now(JST) - timedelta(days=300)).date().isoformat(), "stop": today}
    assert (
        'aria-label="Payouts per month (JPY)"'
        in client.get("/backoffice/finance/charts", params=year).text
    )

    # Unknown payout, reversed or too long a range: a page in words, never a 500.
    assert client.get("/backoffice/finance/payouts/po_nope").status_code == 404
    for bad in ({"start": today, "stop": "2000-01-01"}, {"start": "1999-01-01", "stop": today}):
        answer = client.get("/backoffice/finance/charts", params=bad)
        assert answer.status_code == 200 and 'id="problem"' in answer.text, bad


def test_invoices_filter_by_status_and_a_bad_cursor_is_shown_in_words(
    platform: Platform,
    gateway: httpx.Client,
    admin: Account,
    booking: httpx.Client,
    catalog: httpx.Client,
    payments: httpx.Client,
    tokens: Tokens,
) -> None:
    approved = approved_business_booking(booking, catalog, tokens)
    invoice = invoice_of(payments, tokens, approved["id"], status="open")
    client = staff_client(platform.url("gateway"), create_staff(gateway, admin, "finance"))

    def listed(**params: str) -> str:
        answer = client.get("/backoffice/finance/invoices", params=params)
        assert answer.status_code == 200, answer.text
        return answer.text

    shown = listed(status="open", booking_id=approved["id"])
    assert f'data-invoice="{invoice["id"]}"' in shown and "Lunar Corp K.K." in shown
    assert f'data-invoice="{invoice["id"]}"' not in listed(status="paid")
    refused = listed(cursor="not-a-cursor")
    assert 'id="problem"' in refused and "cursor" in refused


def _request(query: str) -> Request:
    return Request({"type": "http", "path": "/list", "query_string": query.encode(), "headers": []})


def test_the_pager_links_forward_and_back_keeping_the_filters() -> None:
    first = pager(_request("status=open"), "c1")
    assert first.prev_url is None and first.first_url is None
    assert first.next_url == "/list?status=open&cursor=c1&back="
    second = pager(_request("status=open&cursor=c1&back="), "c2")
    assert second.prev_url == "/list?status=open"
    assert second.next_url == "/list?status=open&cursor=c2&back=.c1"
    third = pager(_request("status=open&cursor=c2&back=.c1"), None)
    assert third.next_url is None
    assert third.prev_url == "/list?status=open&cursor=c1&back="
    assert third.first_url == "/list?status=open"
