from enum import StrEnum


class ConfirmationInLocale(StrEnum):
    EN = "en"
    JA = "ja"

    def __str__(self) -> str:
        return str(self.value)
