from enum import StrEnum


class BusinessEventInEvent(StrEnum):
    CONTRACT = "contract"
    PAYLOAD_DELIVERY = "payload_delivery"

    def __str__(self) -> str:
        return str(self.value)
