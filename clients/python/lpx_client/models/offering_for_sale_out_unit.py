from enum import StrEnum


class OfferingForSaleOutUnit(StrEnum):
    ITEM = "item"
    KG = "kg"

    def __str__(self) -> str:
        return str(self.value)
