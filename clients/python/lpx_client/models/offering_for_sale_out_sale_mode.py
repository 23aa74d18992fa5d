from enum import StrEnum


class OfferingForSaleOutSaleMode(StrEnum):
    BALLOT = "ballot"
    FIRST_COME = "first_come"

    def __str__(self) -> str:
        return str(self.value)
