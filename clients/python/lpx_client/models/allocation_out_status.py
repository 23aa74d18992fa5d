from enum import StrEnum


class AllocationOutStatus(StrEnum):
    COMMITTED = "committed"
    EXPIRED = "expired"
    HELD = "held"
    RELEASED = "released"

    def __str__(self) -> str:
        return str(self.value)
