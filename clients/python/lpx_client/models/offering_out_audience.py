from enum import StrEnum


class OfferingOutAudience(StrEnum):
    BUSINESS = "business"
    CONSUMER = "consumer"

    def __str__(self) -> str:
        return str(self.value)
