from enum import StrEnum


class WaitlistJoinInCurrency(StrEnum):
    JPY = "JPY"
    USD = "USD"

    def __str__(self) -> str:
        return str(self.value)
