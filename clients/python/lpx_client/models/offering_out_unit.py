from enum import StrEnum


class OfferingOutUnit(StrEnum):
    ITEM = "item"
    KG = "kg"

    def __str__(self) -> str:
        return str(self.value)
