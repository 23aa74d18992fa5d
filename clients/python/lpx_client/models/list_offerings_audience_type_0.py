from enum import StrEnum


class ListOfferingsAudienceType0(StrEnum):
    BUSINESS = "business"
    CONSUMER = "consumer"

    def __str__(self) -> str:
        return str(self.value)
