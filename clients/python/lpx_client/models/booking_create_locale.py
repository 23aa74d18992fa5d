from enum import StrEnum


class BookingCreateLocale(StrEnum):
    EN = "en"
    JA = "ja"

    def __str__(self) -> str:
        return str(self.value)
