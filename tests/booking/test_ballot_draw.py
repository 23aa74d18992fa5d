"""The ballot draw as pure rules: deterministic, bound to its commitment, and exactly
what the published verification script recomputes (no I/O but that script's run)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from booking.domain import ballots
from booking.domain.ballots import APPLICATION_LIFECYCLE, BALLOT_LIFECYCLE
from lpx_common.errors import Conflict
from lpx_common.ids import new_id

SCRIPT = Path(__file__).parents[2] / "scripts" / "verify_ballot.py"


def _applications(count: int, max_quantity: int = 1) -> list[tuple[str, int]]:
    return [(new_id("bap"), 1 + n % max_quantity) for n in range(count)]


def _published(seed: str, apps: list[tuple[str, int]]) -> dict[str, object]:
    """What GET /v1/ballots/{id}/draw publishes, built from the domain's draw."""
    result = ballots.draw(seed, ballots.commitment_of(seed), apps)
    ranks = {app_id: n for n, app_id in enumerate(result.ranked, start=1)}
    return {
        "ballot": {
            "commitment": ballots.commitment_of(seed),
            "seed": seed,
            "list_hash": result.list_hash,
        },
        "entries": [
            {"application_id": a, "quantity": q, "rank": ranks[a], "status": "waiting"}
            for a, q in sorted(apps)
        ],
    }


def _verify(published: dict[str, object]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), "-"],
        input=json.dumps(published),
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_draw_is_deterministic_and_does_not_depend_on_the_order_applications_came() -> None:
    seed = ballots.new_seed()
    apps = _applications(200, max_quantity=3)
    first = ballots.draw(seed, ballots.commitment_of(seed), apps)
    again = ballots.draw(seed, ballots.commitment_of(seed), list(reversed(apps)))
    assert first == again
    assert sorted(first.ranked) == sorted(a for a, _ in apps)
    # Another seed, another ranking: the seed is what decides.
    other = ballots.new_seed()
    assert ballots.draw(other, ballots.commitment_of(other), apps).ranked != first.ranked


def test_a_seed_that_does_not_match_its_commitment_cannot_draw() -> None:
    seed = ballots.new_seed()
    assert len(seed) == 64 and ballots.commitment_of(seed) != seed
    with pytest.raises(ValueError, match="commitment"):
        ballots.draw(ballots.new_seed(), ballots.commitment_of(seed), _applications(3))


def test_5000_applications_for_300_places_the_script_recomputes_the_same_ranking() -> None:
    seed = ballots.new_seed()
    apps = _applications(5000)
    published = _published(seed, apps)
    answer = _verify(published)
    assert answer.returncode == 0, answer.stderr
    recomputed = [line.split("\t")[1] for line in answer.stdout.splitlines()]
    assert recomputed == ballots.draw(seed, ballots.commitment_of(seed), apps).ranked
    winners = ballots.first_places([(a, 1) for a in recomputed], 300)
    assert winners == recomputed[:300]


def test_the_script_catches_a_changed_seed_list_or_rank() -> None:
    seed = ballots.new_seed()
    apps = _applications(20, max_quantity=2)

    def tampered(change: str) -> subprocess.CompletedProcess[str]:
        published = _published(seed, apps)
        ballot, entries = published["ballot"], published["entries"]
        assert isinstance(ballot, dict) and isinstance(entries, list)
        if change == "seed":
            ballot["seed"] = ballots.new_seed()
        elif change == "list":
            entries[0]["quantity"] += 1
        else:
            entries[0]["rank"], entries[1]["rank"] = entries[1]["rank"], entries[0]["rank"]
        return _verify(published)

    assert "commitment" in tampered("seed").stderr
    assert "list_hash" in tampered("list").stderr
    assert "rank" in tampered("rank").stderr
    assert all(tampered(c).returncode == 1 for c in ("seed", "list", "rank"))


def test_places_go_down_the_ranking_to_whoever_still_fits() -> None:
    ranked = [("a", 2), ("b", 3), ("c", 1), ("d", 2)]
    assert ballots.first_places(ranked, 4) == ["a", "c"]  # b (3) no longer fits in 2
    assert ballots.first_places(ranked, 0) == []


def test_the_lifecycles_only_move_forward() -> None:
    assert BALLOT_LIFECYCLE.allows("open", "drawn")
    assert not BALLOT_LIFECYCLE.allows("drawn", "open")
    assert APPLICATION_LIFECYCLE.allows("withdrawn", "applied")
    assert APPLICATION_LIFECYCLE.allows("offered", "lapsed")
    for final in ("paid", "lapsed", "not_drawn"):
        assert APPLICATION_LIFECYCLE.is_final(final)
    with pytest.raises(Conflict):
        ballots.check_can_withdraw("applied", "drawn")
    with pytest.raises(Conflict):
        APPLICATION_LIFECYCLE.check("waiting", "applied")
