from enum import StrEnum


class OfferingForSaleOutAudience(StrEnum):
    BUSINESS = "business"
    CONSUMER = "consumer"

    def __str__(self) -> str:
        return str(self.value)
