#!/usr/bin/env python3
"""Recompute a ballot's ranking from its published draw, and check it.

Usage:
    python3 scripts/verify_ballot.py draw.json
    curl -s https://<shop>/v1/ballots/<offering_id>/draw | python3 scripts/verify_ballot.py -

The input is the JSON answer of ``GET /v1/ballots/{offering_id}/draw``. Only the Python
standard library is used, and nothing here comes from the platform's code: the rules are
the ones documented in docs/ballots.md.

1. SHA-256 of the seed (its 64 hex characters as ASCII) must equal the commitment that
   was published before the application window closed.
2. SHA-256 of the ordered list (one ``application_id,quantity`` line per application,
   each ending in a newline, sorted by application id) must equal ``list_hash``.
3. The ranking sorts the application ids by HMAC-SHA256(key=seed, message=id), hex,
   ascending (ties by id); it must match the published ranks.

Prints the ranking (rank, application id, quantity) and exits 0 when all three hold,
otherwise says what failed and exits 1.
"""

import hashlib
import hmac
import json
import sys


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    source = sys.stdin if argv[1] == "-" else open(argv[1], encoding="utf-8")  # noqa: SIM115
    with source:
        published = json.load(source)
    ballot, entries = published["ballot"], published["entries"]
    seed = ballot["seed"]
    failures = []
    if hashlib.sha256(seed.encode("ascii")).hexdigest() != ballot["commitment"]:
        failures.append("the seed does not match the commitment")
    listed = "".join(
        f"{e['application_id']},{e['quantity']}\n"
        for e in sorted(entries, key=lambda e: e["application_id"])
    )
    if hashlib.sha256(listed.encode("ascii")).hexdigest() != ballot["list_hash"]:
        failures.append("the application list does not match list_hash")

    def key(app_id: str) -> tuple[str, str]:
        mac = hmac.new(seed.encode("ascii"), app_id.encode("ascii"), hashlib.sha256)
        return mac.hexdigest(), app_id

    ranking = sorted((e["application_id"] for e in entries), key=key)
    quantities = {e["application_id"]: e["quantity"] for e in entries}
    published_ranks = {e["application_id"]: e["rank"] for e in entries}
    for rank, app_id in enumerate(ranking, start=1):
        print(f"{rank}\t{app_id}\t{quantities[app_id]}")
        if published_ranks[app_id] != rank:
            failures.append(f"{app_id} is published at rank {published_ranks[app_id]}, not {rank}")
    for failure in failures:
        print(f"FAILED: {failure}", file=sys.stderr)
    if not failures:
        print(
            f"OK: {len(ranking)} applications; commitment, list hash and ranking verified.",
            file=sys.stderr,
        )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
