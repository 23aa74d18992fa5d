from enum import StrEnum


class BallotApplicationInCurrency(StrEnum):
    JPY = "JPY"
    USD = "USD"

    def __str__(self) -> str:
        return str(self.value)
