from enum import StrEnum


class MilestoneEventInCurrencyType0(StrEnum):
    JPY = "JPY"
    USD = "USD"

    def __str__(self) -> str:
        return str(self.value)
