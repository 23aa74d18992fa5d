"""Sales' company pages in Chromium: the list and a company's bookings at phone width
(translated, no sideways scrolling, no serious axe violation, a screenshot of each); the
booking's review page is one click away."""

import re
import secrets

import httpx
import pytest

from tests.gateway.conftest import Account, create_staff, make_offering
from tests.gateway.storefront_support import (
    Shopper,
    browser,  # noqa: F401  # the module's Chromium
)
from tests.gateway.test_backoffice_browser import sign_in, staffer  # noqa: F401
from tests.gateway.test_backoffice_companies import business_booking
from tests.harness import Platform

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    "staffer",
    # English at phone width only (the stricter layout); the every-page test covers the
    # Japanese desktop of the back office, and each pair costs ~8 s on a 2-core machine.
    [pytest.param(("en", True), id="en-phone")],
    indirect=True,
)
def test_sales_opens_a_company_and_its_booking(
    staffer: Shopper,  # noqa: F811
    gateway: httpx.Client,
    admin: Account,
    platform: Platform,
) -> None:
    s, base = staffer, platform.url("gateway")
    operator = create_staff(gateway, admin, "operator")
    sales = create_staff(gateway, admin, "sales")
    offering = make_offering(gateway, operator, audience="business", capacity=20)
    email = f"ops-{secrets.token_hex(4)}@kaguya.example"
    made = business_booking(
        gateway, sales, offering["id"], {"name": "Kaguya Works KK", "email": email, "country": "JP"}
    )
    sign_in(s, base, sales)
    s.page.goto(base + "/backoffice/sales/companies")
    s.check("sales-companies")
    s.page.goto(base + "/backoffice/sales/company?email=" + email)
    s.check("sales-company")
    s.page.locator(f'tr[data-booking="{made["id"]}"] a').click()
    s.page.wait_for_url(re.compile(rf"/backoffice/sales/bookings/{made['id']}$"))
