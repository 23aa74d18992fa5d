from enum import StrEnum


class OfferingForSaleOutTaxCategory(StrEnum):
    EXEMPT = "exempt"
    REDUCED = "reduced"
    STANDARD = "standard"
    ZERO_RATED = "zero_rated"

    def __str__(self) -> str:
        return str(self.value)
