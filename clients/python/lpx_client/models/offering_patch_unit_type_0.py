from enum import StrEnum


class OfferingPatchUnitType0(StrEnum):
    ITEM = "item"
    KG = "kg"

    def __str__(self) -> str:
        return str(self.value)
