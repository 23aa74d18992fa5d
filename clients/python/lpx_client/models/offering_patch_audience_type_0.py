from enum import StrEnum


class OfferingPatchAudienceType0(StrEnum):
    BUSINESS = "business"
    CONSUMER = "consumer"

    def __str__(self) -> str:
        return str(self.value)
