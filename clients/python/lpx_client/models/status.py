from enum import StrEnum


class Status(StrEnum):
    APPROVED = "approved"
    CANCELLED = "cancelled"
    CONFIRMED = "confirmed"
    DELIVERED = "delivered"
    EXPIRED = "expired"
    FLOWN = "flown"
    HELD = "held"
    MISSION_LOST = "mission_lost"
    REFUNDED = "refunded"
    REFUND_DUE = "refund_due"
    REJECTED = "rejected"
    UNDER_REVIEW = "under_review"

    def __str__(self) -> str:
        return str(self.value)
