from enum import StrEnum


class BallotOutStatus(StrEnum):
    ALLOCATED = "allocated"
    CLOSED = "closed"
    DRAWN = "drawn"
    OPEN = "open"

    def __str__(self) -> str:
        return str(self.value)
