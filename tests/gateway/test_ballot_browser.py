"""Ballot pages in a real browser, in Japanese and English, at desktop and phone width:
the offering list sends a ballot offering to its ballot page; a customer applies,
changes and withdraws; after a draw a winner sees the place to pay and a loser their
rank; an operator audits the draw in the back office. Every page passes the storefront
checks (translated, no sideways scrolling, no serious axe violation) and is shot."""

import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, expect

from tests.gateway.conftest import Account, create_staff, signup
from tests.gateway.storefront_support import (
    DESKTOP,
    LOCALES,
    PHONE,
    Shopper,
    browser,  # noqa: F401  # the module's Chromium
    screenshot_dir,
)
from tests.harness import Platform, create_offering

pytestmark = pytest.mark.browser

TEXT = {
    "ja": {
        "applied": "2 点でお申し込み済みです",
        "withdrawn": "お申し込みを取り消しました",
        "won": "ご当選です",
        "lost": "抽選順位",
        "list": "抽選に申し込む",
        "places": "抽選で 1 点",
        "bo": "コミットメント",
    },
    "en": {
        "applied": "You applied for 2",
        "withdrawn": "You withdrew your application",
        "won": "You were drawn",
        "lost": "You keep your place in the ranking",
        "list": "Apply to the ballot",
        "places": "Places by ballot: 1",
        "bo": "Commitment",
    },
}
HEX64 = re.compile(r"^[0-9a-f]{64}$")
RUNS = [
    # Each language once and each width once keeps the suite in its time budget.
    pytest.param(("ja", False), id="ja-desktop"),
    pytest.param(("en", True), id="en-phone"),
]


def _ballot(gateway: httpx.Client, operator: Account, window: timedelta) -> dict[str, Any]:
    now = datetime.now(UTC)
    closes = now + window
    return create_offering(
        gateway,
        operator.headers,
        capacity_units=1,
        max_quantity=2,
        sale_mode="ballot",
        ballot_opens_at=(now - timedelta(minutes=1)).isoformat(),
        ballot_closes_at=closes.isoformat(),
        ballot_draw_at=closes.isoformat(),
        ballot_payment_seconds=72 * 3600,
        ballot_max_quantity=2,
    )


@pytest.fixture(scope="module")
def drawn(gateway: httpx.Client, admin: Account) -> dict[str, Any]:
    """A ballot drawn for two applicants and one place: a winner and a loser."""
    operator = create_staff(gateway, admin, "operator")
    people = [signup(gateway, "Hana Yamada"), signup(gateway, "Ken Sato")]
    offering = _ballot(gateway, operator, timedelta(seconds=3))
    for person in people:
        answer = gateway.put(
            f"/v1/ballots/{offering['id']}/application",
            json={"quantity": 1, "name": "Hana Yamada"},
            headers=person.headers,
        )
        assert answer.status_code == 200, answer.text
    deadline = time.monotonic() + 30
    while gateway.get(f"/v1/ballots/{offering['id']}").json()["status"] != "allocated":
        assert time.monotonic() < deadline, "the ballot was not drawn in time"
        time.sleep(0.3)
    status = {
        p.email: gateway.get(f"/v1/ballots/{offering['id']}/application", headers=p.headers).json()[
            "status"
        ]
        for p in people
    }
    winner = next(p for p in people if status[p.email] == "offered")
    loser = next(p for p in people if status[p.email] == "waiting")
    return {"offering": offering, "winner": winner, "loser": loser, "operator": operator}


@pytest.fixture
def shopper(request: pytest.FixtureRequest, browser: Browser, tmp_path: Path) -> Iterator[Shopper]:  # noqa: F811
    lang, phone = request.param
    context = browser.new_context(
        viewport=PHONE if phone else DESKTOP,
        locale=LOCALES[lang],
        is_mobile=phone,
        has_touch=phone,
        bypass_csp=True,  # only so that axe-core can be injected
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        yield Shopper(page, lang, phone, False, screenshot_dir(tmp_path))
    finally:
        context.close()


def _signed_in_as(s: Shopper, account: Account, name: str) -> None:
    """The storefront keeps its tokens in localStorage (as after signing in)."""
    s.page.evaluate(
        """([a, r, e, n]) => { localStorage.setItem("lpx.access", a);
           localStorage.setItem("lpx.refresh", r); localStorage.setItem("lpx.email", e);
           localStorage.setItem("lpx.name", n); }""",
        [account.access_token, account.refresh_token, account.email, name],
    )
    s.page.reload()


@pytest.mark.parametrize("shopper", RUNS, indirect=True)
def test_apply_withdraw_and_see_the_result_of_a_ballot(
    shopper: Shopper,
    gateway: httpx.Client,
    admin: Account,
    platform: Platform,
    drawn: dict[str, Any],
) -> None:
    s, text, page = shopper, TEXT[shopper.lang], shopper.page
    base = platform.url("gateway")
    offering = _ballot(gateway, drawn["operator"], timedelta(days=1))

    page.goto(f"{base}/offerings?mission_id={offering['mission_id']}")
    expect(page.locator(f'a[href="/ballots/{offering["id"]}"]')).to_contain_text(text["list"])
    expect(page.locator(f'tr[data-offering="{offering["id"]}"]')).to_contain_text(text["places"])
    s.check("ballot-offerings")

    page.goto(f"{base}/ballots/{offering['id']}")
    expect(page.locator("#ballot-signin")).to_be_visible()
    expect(page.locator("#ballot-commitment")).to_have_text(HEX64)
    s.check("ballot-signed-out")

    customer = signup(gateway, "Aiko Tanaka")
    _signed_in_as(s, customer, "Aiko Tanaka")
    expect(page.locator("#ballot-form")).to_be_visible()
    s.check("ballot-open")
    page.locator("#ballot-quantity").select_option("2")
    s.click("#ballot-apply")
    expect(page.locator("#ballot-mine")).to_contain_text(text["applied"])
    s.check("ballot-applied")
    s.click("#ballot-withdraw")
    expect(page.locator("#ballot-mine")).to_contain_text(text["withdrawn"])
    s.check("ballot-withdrawn")

    # After the draw: the winner is sent to pay, the loser sees their rank.
    drawn_id = drawn["offering"]["id"]
    page.goto(f"{base}/ballots/{drawn_id}")
    _signed_in_as(s, drawn["winner"], "Hana Yamada")
    expect(page.locator("#ballot-pay")).to_be_visible()
    expect(page.locator("#ballot-mine")).to_contain_text(text["won"])
    expect(page.locator("#ballot-seed")).to_have_text(HEX64)
    s.check("ballot-won")
    _signed_in_as(s, drawn["loser"], "Ken Sato")
    expect(page.locator("#ballot-mine")).to_contain_text(text["lost"])
    expect(page.locator("#ballot-pay")).to_be_hidden()
    s.check("ballot-not-drawn")

    if s.phone == (s.lang == "en"):  # the back office once per language and width
        page.goto(base + "/backoffice")
        s.fill("#email", admin.email)
        s.fill("#password", admin.password)
        s.click("#sign-in")
        page.wait_for_url(f"{base}/backoffice")
        page.goto(f"{base}/backoffice/ballots/{drawn_id}")
        expect(page.locator("#draw-facts")).to_contain_text(text["bo"])
        expect(page.locator("#ranking tbody tr")).to_have_count(2)
        s.check("bo-ballot")
        page.goto(f"{base}/backoffice/ballots")
        expect(page.locator(f'a[href="/backoffice/ballots/{drawn_id}"]')).to_be_visible()
        s.check("bo-ballots")
