"""The reference data loads into a fresh database, once, and M3 is on sale."""

import os
import secrets
import subprocess
import sys
from collections.abc import Iterator

import httpx
import pytest

from tests.harness import ROOT, Platform, ServiceProcess, create_service_database, drop_database


@pytest.fixture
def seeded_catalog(platform: Platform) -> Iterator[ServiceProcess]:
    run_id = f"seed{secrets.token_hex(3)}"
    url = create_service_database("catalog", run_id)
    env = {"CATALOG_DATABASE_URL": url, "CATALOG_INTERNAL_TOKEN_SECRET": platform.secret}
    try:
        for expected in ("4 mission(s) and 24 offering(s) added", "0 mission(s) and 0 offering"):
            done = subprocess.run(
                [sys.executable, "-m", "catalog.seed"],
                env={**os.environ, **env},
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
            )
            assert expected in done.stdout
        process = ServiceProcess("catalog-seeded", "catalog.main:create_app", env, platform.log_dir)
        yield process.start()
        process.stop()
    finally:
        drop_database(f"lpx_test_{run_id}_catalog")


def test_seed_loads_real_missions_once(platform: Platform, seeded_catalog: ServiceProcess) -> None:
    anyone = platform.tokens.anonymous()
    with httpx.Client(base_url=seeded_catalog.url, headers=anyone) as client:
        missions = {m["code"]: m for m in client.get("/v1/catalog/missions").json()["items"]}
        assert set(missions) == {"M1", "M2", "M3", "M4"}
        assert missions["M1"]["status"] == missions["M2"]["status"] == "lost"
        m3 = missions["M3"]
        assert m3["status"] == "on_sale" and m3["mass_budget_grams"] == 300_000
        assert "Schrödinger" in m3["landing_site"] and m3["launch_window_start"][:4] == "2027"
        assert missions["M4"]["mass_budget_grams"] >= 100_000

        on_sale = client.get(
            "/v1/catalog/offerings",
            params={"mission_id": m3["id"], "on_sale_now": "true", "limit": 200},
        ).json()["items"]
        kinds = {o["kind"] for o in on_sale}
        assert kinds == {
            "name_engraving",
            "memento_capsule",
            "memorial_capsule",
            "brand_plate",
            "passive_payload",
            "active_payload",
            "rover_payload",
            "data_package",
        }
        for offering in on_sale:
            assert set(offering["prices"]) == {"JPY", "USD"}
            assert all(isinstance(v, int) for v in offering["prices"].values())
            if offering["unit"] == "kg":
                assert offering["unit_mass_grams"] == 1000 and offering["audience"] == "business"
        passive = next(o for o in on_sale if o["kind"] == "passive_payload")
        assert 150_000_000 <= passive["prices"]["JPY"] <= 180_000_000

        past = client.get(
            "/v1/catalog/offerings", params={"mission_id": missions["M2"]["id"]}
        ).json()["items"]
        assert past and not any(
            client.get(f"/v1/catalog/offerings/{o['id']}/availability").json()["on_sale_now"]
            for o in past
        )
        m4_now = client.get(
            "/v1/catalog/offerings",
            params={"mission_id": missions["M4"]["id"], "on_sale_now": "true"},
        ).json()["items"]
        assert len(m4_now) >= 5
