from enum import StrEnum


class RefundCompletedInCurrency(StrEnum):
    JPY = "JPY"
    USD = "USD"

    def __str__(self) -> str:
        return str(self.value)
