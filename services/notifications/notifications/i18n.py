"""The languages of the emails: Babel message catalogs, as the storefront does it.

Japanese first, English second. The catalogs are the ``.po`` files under
``locale/<lang>/LC_MESSAGES`` (English source strings are the msgids), compiled in
memory at import, so no binary ``.mo`` file is kept in the repository. Unlike the
storefront, an email is rendered for a language given explicitly (the customer's, sent
with the event), never for "the current request".
"""

import io
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from babel.dates import format_date, format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from lpx_common.money import CURRENCY_EXPONENTS, to_major_string

LOCALES = ("ja", "en")
DEFAULT_LOCALE = "ja"
LOCALE_DIR = Path(__file__).parent / "locale"
JST = timezone(timedelta(hours=9), "JST")  # Japan has no daylight saving time


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


def pick_locale(lang: str | None) -> str:
    return lang if lang in LOCALES else DEFAULT_LOCALE


def known_messages(lang: str) -> frozenset[str]:
    return _CATALOGS[lang][1]


class Texts:
    """gettext and formats for one language."""

    def __init__(self, lang: str) -> None:
        self.lang = pick_locale(lang)
        self._translations, self._known = _CATALOGS[self.lang]

    def gettext(self, message: str, **variables: Any) -> str:
        text = message
        if self.lang != "en" and message in self._known:
            text = self._translations.gettext(message)
        return text % variables if variables else text

    def money(self, amount_minor: int | None, currency: str) -> str:
        """¥70,000 / $460.00 from integer minor units (no floats)."""
        if amount_minor is None or currency not in CURRENCY_EXPONENTS:
            return "—"
        whole, _sep, frac = to_major_string(amount_minor, currency).partition(".")
        sign = "-" if whole.startswith("-") else ""
        symbol = {"JPY": "¥", "USD": "$"}.get(currency, "")
        return f"{sign}{symbol}{int(whole.lstrip('-')):,}{'.' + frac if frac else ''}"

    def when(self, value: str | datetime | None) -> str:
        """2027年7月1日 12:04 JST / 1 July 2027, 12:04 JST."""
        if not value:
            return "—"
        moment = datetime.fromisoformat(value) if isinstance(value, str) else value
        pattern = "y年M月d日 H:mm" if self.lang == "ja" else "d MMMM y, HH:mm"
        return format_datetime(moment, pattern, tzinfo=JST, locale=self.lang) + " JST"

    def day(self, value: str | date | None) -> str:
        """2027年7月1日 / 1 July 2027 (a due date: a calendar day, no time)."""
        if not value:
            return "—"
        day = date.fromisoformat(value) if isinstance(value, str) else value
        pattern = "y年M月d日" if self.lang == "ja" else "d MMMM y"
        return format_date(day, pattern, locale=self.lang)
