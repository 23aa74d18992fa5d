from enum import StrEnum


class ListMissionsStatusType0(StrEnum):
    CANCELLED = "cancelled"
    COMPLETED = "completed"
    DRAFT = "draft"
    LANDED = "landed"
    LAUNCHED = "launched"
    LOST = "lost"
    ON_SALE = "on_sale"
    SALES_CLOSED = "sales_closed"

    def __str__(self) -> str:
        return str(self.value)
