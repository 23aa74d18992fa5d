from enum import StrEnum


class OfferingCreateUnit(StrEnum):
    ITEM = "item"
    KG = "kg"

    def __str__(self) -> str:
        return str(self.value)
