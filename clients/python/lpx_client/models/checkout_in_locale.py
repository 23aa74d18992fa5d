from enum import StrEnum


class CheckoutInLocale(StrEnum):
    AUTO = "auto"
    EN = "en"
    JA = "ja"

    def __str__(self) -> str:
        return str(self.value)
