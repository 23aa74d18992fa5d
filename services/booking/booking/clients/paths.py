"""URL paths built from values: every value is one encoded path segment, so an id can
never add a segment, a `..`, a query or a fragment to a peer's URL."""

from urllib.parse import quote


def segment(value: str) -> str:
    return quote(value, safe="")
