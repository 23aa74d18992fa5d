"""Names and dedications a buyer types to fly with an item (an engraving, a message in
a capsule): what can be engraved.

Up to 40 characters after Unicode NFC normalisation and trimming; letters of any script
(Latin, kana, kanji, ...), digits, spaces and a few marks the engraver can cut. No
control or format characters (they would hide text or reorder it), no symbols such as
emoji (the engraver has no glyph for them).
"""

import unicodedata

MAX_LENGTH = 40
# ASCII . , ' - & ! ? ( ) / : and the Japanese middle dot, long vowel mark, comma, full
# stop, full-width ! and ?, corner brackets, iteration mark and wave dash.
MARKS = frozenset(".,'-&!?()/:" + "\u30fb\u30fc\u3001\u3002\uff01\uff1f\u300c\u300d\u3005\u301c")


class InvalidInscription(ValueError):
    pass


def clean_inscription(text: str) -> str:
    """The inscription as it will be engraved, or :class:`InvalidInscription`."""
    value = unicodedata.normalize("NFC", text).strip()
    if not value:
        raise InvalidInscription("the inscription is empty")
    if len(value) > MAX_LENGTH:
        raise InvalidInscription(f"at most {MAX_LENGTH} characters")
    for char in value:
        category = unicodedata.category(char)
        if category in ("Cc", "Cf", "Cs", "Co", "Cn"):
            raise InvalidInscription(f"U+{ord(char):04X} is a control character")
        if char in (" ", "\u3000") or char in MARKS:
            continue
        if category[0] in ("L", "M") or category == "Nd":
            continue
        raise InvalidInscription(f"{char!r} cannot be engraved")
    if "  " in value:
        raise InvalidInscription("no double spaces")
    return value
