"""Storefront pages rendered by the gateway from the catalog (no browser needed): both
languages, tax-included prices, the legal pages, and catalogs without holes."""

import json
import re
from pathlib import Path

import httpx
import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from tests.gateway.conftest import Account, create_staff, make_offering
from tests.harness import ROOT, Platform

GATEWAY = ROOT / "gateway"
JA = {"Accept-Language": "ja-JP,ja;q=0.9"}
EN = {"Accept-Language": "en-GB,en;q=0.8"}
PAGES = (
    "/",
    "/offerings",
    "/account",
    "/my-bookings",
    "/bookings/bkg_x",
    "/bookings/bkg_x/confirm",
)
LEGAL = ("/legal/tokushoho", "/legal/terms", "/legal/privacy")


def test_every_message_of_the_storefront_has_a_japanese_and_an_english_entry() -> None:
    method_map = [("gateway/**.py", "python"), ("gateway/templates/**.html", "jinja2")]
    used = {
        message[2] if isinstance(message[2], str) else message[2][0]
        for message in extract_from_dir(
            str(GATEWAY), method_map, keywords={"_": None, "gettext": None, "N_": None}
        )
    }
    assert len(used) > 100
    for lang in ("ja", "en"):
        path = GATEWAY / "gateway" / "locale" / lang / "LC_MESSAGES" / "messages.po"
        with Path(path).open("rb") as fp:
            catalog = {m.id: m for m in read_po(fp, locale=lang) if m.id}
        missing = sorted(used - set(catalog))
        assert not missing, f"{lang}: not in the catalog: {missing}"
        if lang == "ja":
            untranslated = sorted(m for m in used if not catalog[m].string or catalog[m].fuzzy)
            assert not untranslated, f"no Japanese for: {untranslated}"
            for msgid in used:  # placeholders survive translation
                assert set(re.findall(r"%\(\w+\)s", msgid)) == set(
                    re.findall(r"%\(\w+\)s", str(catalog[msgid].string))
                ), msgid


def test_japanese_by_default_english_by_accept_language_and_the_switch_is_remembered(
    gateway: httpx.Client,
) -> None:
    plain = gateway.get("/account")
    assert '<html lang="ja">' in plain.text and "ログイン" in plain.text
    assert plain.headers["content-language"] == "ja"
    english = gateway.get("/account", headers=EN)
    assert '<html lang="en">' in english.text and "Sign in" in english.text
    # The visible switch: a link on every page, remembered in a cookie.
    assert 'id="lang-switch" class="lang" href="/lang/en?next=/account"' in plain.text
    # A browser of its own (the shared client must not keep the cookie).
    with httpx.Client(base_url=gateway.base_url, headers=JA) as browser:
        switched = browser.get("/lang/en?next=/offerings", follow_redirects=False)
        assert switched.status_code == 303 and switched.headers["location"] == "/offerings"
        assert browser.cookies.get("lpx_lang") == "en"
        assert '<html lang="en">' in browser.get("/account").text
        # Only local targets: the switch is not an open redirect.
        for evil in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
            away = browser.get("/lang/ja", params={"next": evil}, follow_redirects=False)
            assert away.headers["location"] == "/"


@pytest.mark.parametrize(("headers", "lang"), [(JA, "ja"), (EN, "en")])
def test_no_page_shows_an_untranslated_string(
    gateway: httpx.Client, admin: Account, headers: dict[str, str], lang: str
) -> None:
    operator = create_staff(gateway, admin, "operator")
    offering = make_offering(gateway, operator)
    paths = [
        *PAGES,
        *LEGAL,
        f"/book/{offering['id']}",
        f"/offerings?mission_id={offering['mission_id']}",
    ]
    for path in [*paths, "/book/off_missing", "/legal/nothing", "/docs"]:
        page = gateway.get(path, headers=headers)
        assert page.status_code in (200, 404), path
        assert "⟦" not in page.text, f"{path} ({lang}) shows an untranslated string"
        assert f'<html lang="{lang}">' in page.text
        for legal in LEGAL:  # every footer links the legal pages
            assert f'href="{legal}"' in page.text, path


def test_prices_are_tax_included_with_the_tax_beside_them_and_dates_in_jst(
    gateway: httpx.Client, admin: Account
) -> None:
    operator = create_staff(gateway, admin, "operator")
    offering = make_offering(gateway, operator, capacity=4321)
    assert offering["tax_category"] == "standard" and offering["tax_rate_bps"] == 1000
    mission = gateway.get(f"/v1/catalog/missions/{offering['mission_id']}").json()
    ja = gateway.get(f"/offerings?mission_id={mission['id']}", headers=JA).text
    assert offering["name"] in ja and mission["name"] in ja
    # ¥70,000 includes 10 % consumption tax: floor(70000 x 10 / 110) = ¥6,363.
    assert "¥70,000" in ja and "（税込）" in ja and "うち消費税（10%）¥6,363" in ja
    assert "残り4,321" in ja
    en = gateway.get(f"/offerings?mission_id={mission['id']}", headers=EN).text
    assert "(tax included)" in en and "of which consumption tax 10%: ¥6,363" in en
    assert "4,321 left" in en and "$460.00" in en
    book = gateway.get(f"/book/{offering['id']}", headers=JA)
    start = mission["launch_window_start"]
    year, month, day = (int(x) for x in start[:10].split("-"))
    if not start[11:13] >= "15":  # the day in Japan is the UTC day unless after 15:00 UTC
        assert f"{year}年{month}月{day}日" in book.text
    assert book.status_code == 200 and 'id="book-form"' in book.text
    assert mission["landing_site"] in book.text and "最終確認画面へ進む" in book.text
    assert 'for="inscription"' in book.text  # a memento capsule flies a dedication
    missing = gateway.get("/book/off_does_not_exist", headers=EN)
    assert missing.status_code == 404 and "No such offering" in missing.text
    for path in (*PAGES, "/static/app.js"):
        assert gateway.get(path).status_code == 200


def test_tax_categories_and_dated_rates_are_catalog_data(
    gateway: httpx.Client, admin: Account
) -> None:
    operator = create_staff(gateway, admin, "operator")
    rates = gateway.get("/v1/catalog/tax-rates").json()["items"]
    by = {(r["category"], r["effective_from"]): r["rate_bps"] for r in rates}
    assert by[("standard", "2019-10-01")] == 1000 and by[("reduced", "2019-10-01")] == 800
    assert by[("zero_rated", "1989-04-01")] == 0
    exported = make_offering(gateway, operator)
    etag = gateway.get(f"/v1/catalog/offerings/{exported['id']}").headers["etag"]
    patched = gateway.patch(
        f"/v1/catalog/offerings/{exported['id']}",
        json={"tax_category": "zero_rated"},
        headers={**operator.headers, "If-Match": etag},
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["tax_rate_bps"] == 0
    page = gateway.get(f"/offerings?mission_id={exported['mission_id']}", headers=EN).text
    assert "not taxable" in page
    bad = gateway.patch(
        f"/v1/catalog/offerings/{exported['id']}",
        json={"tax_category": "luxury"},
        headers={**operator.headers, "If-Match": patched.headers["etag"]},
    )
    assert bad.status_code == 422 and bad.headers["content-type"].startswith(
        "application/problem+json"
    )
    anonymous = gateway.post(
        "/v1/catalog/tax-rates",
        json={"category": "standard", "rate_bps": 1200, "effective_from": "2099-01-01"},
    )
    assert anonymous.status_code in (401, 403)


def test_legal_pages_show_the_sellers_details_and_the_operators_texts(
    gateway: httpx.Client, platform: Platform, tmp_path: Path
) -> None:
    notice = gateway.get("/legal/tokushoho", headers=JA).text
    for text in (
        "特定商取引法に基づく表記",
        "株式会社JALUX",
        "運営責任者",
        "03-6367-8800",
        "お支払い時期",
        "引渡し時期",
        "キャンセル・返品",
        "T1234567890123",
    ):
        assert text in notice, text
    terms = gateway.get("/legal/terms", headers=EN).text
    assert "Terms of sale" in terms and "Version 2026-12-01" in terms
    assert "Privacy policy" in gateway.get("/legal/privacy", headers=EN).text
    # The operator replaces the texts with a file.
    own = tmp_path / "legal.json"
    seller = {
        "name": {"ja": "テスト商店", "en": "Test Shop"},
        "address": {"ja": "東京都", "en": "Tokyo"},
        "phone": "03-0000-0000",
        "email": "shop@example.com",
        "responsible_person": {"ja": "山田太郎", "en": "Taro Yamada"},
        "registration_number": "T9876543210987",
    }
    own.write_text(json.dumps({"terms_version": "2027-04-01", "seller": seller}), encoding="utf-8")
    process = platform.spawn("gateway", GATEWAY_LEGAL_FILE=str(own))
    try:
        mine = httpx.get(process.url + "/legal/tokushoho", headers=JA).text
        assert "テスト商店" in mine and "山田太郎" in mine and "T9876543210987" in mine
        assert "Version 2027-04-01" in httpx.get(process.url + "/legal/terms", headers=EN).text
    finally:
        process.stop()


def test_pages_say_so_when_the_catalog_is_down(platform: Platform) -> None:
    process = platform.spawn("gateway", GATEWAY_CATALOG_URL="http://127.0.0.1:9")
    try:
        page = httpx.get(process.url + "/offerings", headers=EN)
        assert page.status_code == 503
        assert "unavailable" in page.text and page.headers["content-type"].startswith("text/html")
        japanese = httpx.get(process.url + "/offerings", headers=JA)
        assert "現在、商品情報を表示できません" in japanese.text
    finally:
        process.stop()
