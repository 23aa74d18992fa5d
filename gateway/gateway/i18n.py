"""The storefront's languages: Babel message catalogs, the Jinja2 i18n extension, and
dates, numbers and money per locale.

Japanese is the default, English the second language. The catalogs are the ``.po`` files
under ``locale/<lang>/LC_MESSAGES`` (English source strings are the msgids); they are
compiled in memory at start-up, so no binary ``.mo`` file is kept in the repository.

A page's language: the ``lpx_lang`` cookie (set by the visible switch), else the best
match of ``Accept-Language``, else Japanese. The language of the request being rendered
lives in a context variable, so one shared Jinja2 environment serves every request.

With ``GATEWAY_I18N_STRICT=1`` (the test suite) a msgid missing from the active catalog
is rendered as ``⟦msgid⟧``, so a page that shows an untranslated string fails its test.
"""

import contextvars
import io
import logging
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from babel import Locale, negotiate_locale
from babel.dates import format_date, format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations
from starlette.requests import Request

from lpx_common.money import CURRENCY_EXPONENTS, to_major_string

log = logging.getLogger("gateway.i18n")

LOCALES = ("ja", "en")
DEFAULT_LOCALE = "ja"
COOKIE = "lpx_lang"
LOCALE_DIR = Path(__file__).parent / "locale"
# Japan has no daylight saving time: a fixed offset is exact.
JST = timezone(timedelta(hours=9), "JST")
UNTRANSLATED = "⟦{}⟧"

_current: contextvars.ContextVar[str] = contextvars.ContextVar("lpx_locale", default="ja")
_strict = False


def _load(lang: str) -> tuple[Translations, frozenset[str]]:
    with (LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po").open("rb") as fp:
        catalog = read_po(fp, locale=lang)
    known = frozenset(
        str(m.id) for m in catalog if m.id and (m.string or lang == "en") and not m.fuzzy
    )
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer), known


_CATALOGS = {lang: _load(lang) for lang in LOCALES}


def set_strict(strict: bool) -> None:
    global _strict
    _strict = strict


def current_locale() -> str:
    return _current.get()


def use_locale(lang: str) -> None:
    _current.set(lang if lang in LOCALES else DEFAULT_LOCALE)


def gettext(message: str, **variables: Any) -> str:
    """The message in the current language, ``%(name)s`` placeholders filled."""
    lang = _current.get()
    translations, known = _CATALOGS[lang]
    if message in known:
        text = translations.gettext(message) if lang != "en" else message
    else:
        log.warning("untranslated message for %s: %r", lang, message[:80])
        text = UNTRANSLATED.format(message) if _strict else message
    return text % variables if variables else text


def ngettext(singular: str, plural: str, n: int, **variables: Any) -> str:
    lang = _current.get()
    translations, known = _CATALOGS[lang]
    if singular in known:
        text = translations.ngettext(singular, plural, n)
    else:
        text = UNTRANSLATED.format(singular) if _strict else (singular if n == 1 else plural)
    return text % ({"num": n} | variables)


_ = gettext


def N_(message: str) -> str:  # the conventional name of the marker
    """Marks a msgid for extraction; it is translated where it is shown."""
    return message


def locale_of(request: Request) -> str:
    """The cookie's choice, else Accept-Language, else Japanese."""
    chosen = request.cookies.get(COOKIE)
    if chosen in LOCALES:
        return chosen
    header = request.headers.get("accept-language", "")
    preferred = []
    for part in header.split(","):
        tag, _sep, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if tag and quality > 0:
            preferred.append((quality, tag.strip()))
    ranked = [tag for _q, tag in sorted(preferred, key=lambda p: -p[0])]
    return negotiate_locale(ranked, list(LOCALES), sep="-") or DEFAULT_LOCALE


# --- formats ----------------------------------------------------------------------------

_SYMBOLS = {"JPY": "¥", "USD": "$"}


def money(amount_minor: int | None, currency: str) -> str:
    """¥70,000 / $460.00: integer minor units in, thousands separators out (no floats)."""
    if amount_minor is None or currency not in CURRENCY_EXPONENTS:
        return "—"
    major = to_major_string(amount_minor, currency)
    whole, _sep, frac = major.partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = f"{int(whole.lstrip('-')):,}"
    return f"{sign}{_SYMBOLS.get(currency, '')}{whole}{'.' + frac if frac else ''}"


def number(value: int | None) -> str:
    return "—" if value is None else format_decimal(value, locale=_current.get())


def _as_datetime(value: str | datetime | date | None) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime(value.year, value.month, value.day, tzinfo=JST)


def jst_date(value: str | datetime | date | None) -> str:
    """2027年7月1日 / 1 July 2027, the day in Japan."""
    moment = _as_datetime(value)
    if moment is None:
        return "—"
    return format_date(moment.astimezone(JST).date(), "long", locale=_current.get())


def jst_datetime(value: str | datetime | None) -> str:
    """2027年7月1日 12:04 JST / 1 July 2027, 12:04 JST."""
    moment = _as_datetime(value)
    if moment is None:
        return "—"
    pattern = "y年M月d日 H:mm" if _current.get() == "ja" else "d MMMM y, HH:mm"
    return format_datetime(moment, pattern, tzinfo=JST, locale=_current.get()) + " JST"


def language_name(lang: str) -> str:
    return Locale.parse(lang).get_display_name(lang) or lang
