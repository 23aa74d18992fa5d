from enum import StrEnum


class MilestoneEventInEvent(StrEnum):
    FINALIZED = "finalized"
    OVERDUE = "overdue"
    PAID = "paid"
    PAYMENT_FAILED = "payment_failed"
    VOIDED = "voided"

    def __str__(self) -> str:
        return str(self.value)
