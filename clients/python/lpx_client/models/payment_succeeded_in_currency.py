from enum import StrEnum


class PaymentSucceededInCurrency(StrEnum):
    JPY = "JPY"
    USD = "USD"

    def __str__(self) -> str:
        return str(self.value)
