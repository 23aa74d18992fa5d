"""A draft mission is unannounced: only operators, admins and peer services see it, its
offerings or their prices, in lists, single reads and availability."""

import httpx

from lpx_common.auth import Principal
from tests.harness import Tokens, create_offering


def _callers(tokens: Tokens) -> dict[str, dict[str, str]]:
    partner = Principal(
        kind="partner",
        subject="ptn_" + "1" * 26,
        partner_id="ptn_" + "1" * 26,
        scopes=frozenset({"catalog:read"}),
    )
    return {
        "anonymous": tokens.anonymous(),
        "customer": tokens.customer(),
        "partner": tokens.header(partner),
        "sales": tokens.staff("sales"),
        "finance": tokens.staff("finance"),
        "operator": tokens.staff("operator"),
        "admin": tokens.staff("admin"),
        "service": tokens.service("booking"),
    }


def test_draft_missions_and_their_offerings_are_seen_only_by_those_who_prepare_them(
    catalog: httpx.Client, tokens: Tokens
) -> None:
    draft = create_offering(catalog, tokens.staff("operator"), on_sale=False)
    mission_id, offering_id = draft["mission_id"], draft["id"]
    reads = [
        f"/v1/catalog/missions/{mission_id}",
        f"/v1/catalog/missions/{mission_id}/availability",
        f"/v1/catalog/offerings/{offering_id}",
        f"/v1/catalog/offerings/{offering_id}/availability",
    ]
    for who, headers in _callers(tokens).items():
        sees = who in ("operator", "admin", "service")
        for path in reads:
            answer = catalog.get(path, headers=headers)
            assert answer.status_code == (200 if sees else 404), (who, path, answer.text)
        missions = catalog.get(
            "/v1/catalog/missions", params={"limit": 200, "status": "draft"}, headers=headers
        ).json()["items"]
        offerings = catalog.get(
            "/v1/catalog/offerings", params={"mission_id": mission_id}, headers=headers
        ).json()["items"]
        assert (mission_id in {m["id"] for m in missions}) is sees, who
        assert (offering_id in {o["id"] for o in offerings}) is sees, who

    # Once announced, everyone sees it.
    on_sale = catalog.post(
        f"/v1/catalog/missions/{mission_id}/status",
        json={"status": "on_sale", "reason": "announced"},
        headers={**tokens.staff("operator"), "If-Match": "*"},
    )
    assert on_sale.status_code == 200, on_sale.text
    for who, headers in _callers(tokens).items():
        assert catalog.get(reads[2], headers=headers).status_code == 200, who
