from enum import StrEnum


class ScheduleItemDueEventType0(StrEnum):
    APPROVAL = "approval"
    CONTRACT = "contract"
    LANDING = "landing"
    LAUNCH = "launch"
    PAYLOAD_DELIVERY = "payload_delivery"

    def __str__(self) -> str:
        return str(self.value)
