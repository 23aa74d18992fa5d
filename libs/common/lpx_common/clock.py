"""Time in one place: UTC always, and a clock that tests can replace."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(value: datetime) -> datetime:
    """Naive datetimes (SQLite gives those back) are UTC by convention here."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
