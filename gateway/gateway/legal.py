"""What Japanese law asks an online shop to publish: the 特定商取引法に基づく表記, the terms
of sale and the privacy policy, and the seller's details printed on receipts and
qualified invoices.

These are the operator's texts, not translations: they are configuration. The defaults
in ``legal_defaults.json`` suit JALUX; an operator replaces any key of them with a JSON
file named by ``GATEWAY_LEGAL_FILE`` (same keys; a text is ``{"ja": ..., "en": ...}``). Changing the
terms means changing ``terms_version`` too: the version is stored with every booking's
final-confirmation snapshot, so a dispute can be answered with the text then in force.
"""

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

Localized = dict[str, str]


class Seller(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Localized
    address: Localized
    phone: str
    email: str
    responsible_person: Localized
    # Qualified invoice issuer registration number (適格請求書発行事業者登録番号).
    registration_number: str

    @field_validator("registration_number")
    @classmethod
    def _t_number(cls, value: str) -> str:
        if not re.fullmatch(r"T\d{13}", value):
            raise ValueError("a registration number is T followed by 13 digits")
        return value


class LegalTexts(BaseModel):
    model_config = ConfigDict(extra="forbid")

    seller: Seller
    terms_version: str = Field(min_length=1, max_length=40)
    # 特定商取引法に基づく表記: ordered (heading, text) rows besides the seller's details.
    tokushoho: list[dict[str, Localized]]
    terms: list[dict[str, Localized]]
    privacy: list[dict[str, Localized]]


DEFAULTS_FILE = Path(__file__).parent / "legal_defaults.json"


@lru_cache
def load(path: str | None) -> LegalTexts:
    """The defaults, with the operator's file (if any) replacing whole keys."""
    data: dict[str, Any] = json.loads(DEFAULTS_FILE.read_text(encoding="utf-8"))
    if path:
        with open(path, encoding="utf-8") as fp:
            data |= json.load(fp)
    return LegalTexts.model_validate(data)


def pick(text: Localized, lang: str) -> str:
    return text.get(lang) or text.get("ja") or next(iter(text.values()), "")
