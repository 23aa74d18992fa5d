"""Back-office pages over plain HTTP against the real services: an edit that lost a race
shows the other person's version and overwrites nothing, bad input is a page with the
API's problem in words (never a 500), and each confirmed change lands in the audit log."""

import html
import re

import httpx

from tests.gateway.backoffice_support import csrf_of, staff_client
from tests.gateway.conftest import Account, create_staff, make_offering
from tests.harness import Platform


def _form(page: str, name: str) -> str:
    found = re.search(rf'name="{name}"[^>]*? value="([^"]*)"', page)
    assert found, name
    return html.unescape(found.group(1))


def test_an_edit_that_lost_the_race_shows_their_version_and_overwrites_nothing(
    platform: Platform, gateway: httpx.Client, admin: Account
) -> None:
    operator = create_staff(gateway, admin, "operator")
    offering = make_offering(gateway, operator)
    mission = offering["mission_id"]
    first = staff_client(platform.url("gateway"), operator)
    second = staff_client(platform.url("gateway"), create_staff(gateway, admin, "operator"))
    path = f"/backoffice/operator/missions/{mission}"
    page_1, page_2 = first.get(path).text, second.get(path).text
    fields = ("code", "lander", "landing_site", "launch_window_start", "launch_window_end")

    def save(client: httpx.Client, page: str, name: str) -> httpx.Response:
        data = {f: _form(page, f) for f in fields} | {
            "name": name,
            "mass_budget_kg": "1000000",
            "etag": _form(page, "etag"),
            "csrf": csrf_of(page),
            "confirmed": "1",
        }
        return client.post(path, data=data)

    assert save(first, page_1, "Saved first").status_code == 303
    lost = save(second, page_2, "Saved second")
    assert lost.status_code == 409
    assert "Someone changed this while you were editing it" in lost.text
    assert 'id="theirs"' in lost.text and "Saved first" in lost.text
    assert gateway.get(f"/v1/catalog/missions/{mission}").json()["name"] == "Saved first"
    # Saving again from the page that showed their version applies it knowingly.
    assert save(second, lost.text, "Saved second").status_code == 303, lost.text
    assert gateway.get(f"/v1/catalog/missions/{mission}").json()["name"] == "Saved second"


def test_bad_input_is_a_page_with_the_problem_in_words(
    platform: Platform, gateway: httpx.Client, admin: Account
) -> None:
    client = staff_client(platform.url("gateway"), create_staff(gateway, admin, "operator"))
    page = client.get("/backoffice/operator/missions/new").text
    answer = client.post(
        "/backoffice/operator/missions/new",
        data={
            "csrf": csrf_of(page),
            "confirmed": "1",
            "code": "no spaces allowed!",
            "name": "Bad",
            "lander": "x",
            "landing_site": "y",
            "launch_window_start": "not a date",
            "launch_window_end": "2027-13-45",
            "mass_budget_kg": "lots",
        },
    )
    assert answer.status_code == 422
    assert "Please check the form" in answer.text
    assert "code" in answer.text and "mass_budget_grams" in answer.text
    # Unknown ids are a page too, not a 500.
    for path in (
        "/backoffice/operator/missions/msn_nope",
        "/backoffice/operator/offerings/%00%ff",
    ):
        assert client.get(path).status_code in (404, 422), path


def test_each_confirmed_change_is_in_the_audit_log(
    platform: Platform, gateway: httpx.Client, admin: Account
) -> None:
    client = staff_client(platform.url("gateway"), admin)
    page = client.get("/backoffice/admin/partners").text
    made = client.post(
        "/backoffice/admin/partners",
        data={
            "csrf": csrf_of(page),
            "confirmed": "1",
            "name": "Audited partner",
            "contact_email": "a@partner.example",
        },
    )
    assert made.status_code == 303
    partner_id = made.headers["location"].rsplit("/", 1)[-1]
    log = client.get("/backoffice/admin/audit").text
    assert "partner.create" in log and partner_id in log and admin.email in log
