"""Turning posted form fields into API bodies. Nothing is validated here beyond shape:
the API decides, and its 422 is shown in words next to the form."""

from datetime import datetime

from gateway.i18n import JST


def integer(value: str | None) -> int | str | None:
    """An integer when the field holds one (thousands separators allowed), else the text
    as typed, so the API answers with a field error instead of us guessing."""
    if value is None or value.strip() == "":
        return None
    cleaned = value.strip().replace(",", "").replace("_", "")
    return int(cleaned) if cleaned.lstrip("-").isdigit() else value


def jst_instant(value: str | None) -> str | None:
    """``2027-07-01T12:00`` or ``2027-07-01`` typed in Japan time → ISO 8601 with +09:00."""
    if not value or not value.strip():
        return None
    text = value.strip()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text  # the API says what is wrong with it
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=JST)
    return moment.isoformat()


def local_input(value: str | None) -> str:
    """An API instant as the value of a ``datetime-local`` input, in Japan time."""
    if not value:
        return ""
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment.astimezone(JST).strftime("%Y-%m-%dT%H:%M")


def grams_from_kg(value: str | None) -> int | str | None:
    """``12.5`` kg → 12500 g, exactly (decimal text, never a float)."""
    if value is None or value.strip() == "":
        return None
    text = value.strip().replace(",", "")
    whole, _sep, frac = text.partition(".")
    if not whole.isdigit() or (frac and not frac.isdigit()) or len(frac) > 3:
        return value
    return int(whole) * 1000 + int((frac + "000")[:3])


def kg_from_grams(value: int | None) -> str:
    if value is None:
        return ""
    kg, g = divmod(value, 1000)
    return f"{kg}.{g:03d}".rstrip("0").rstrip(".")


def compact(body: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in body.items() if v is not None}
