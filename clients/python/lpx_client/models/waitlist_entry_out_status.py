from enum import StrEnum


class WaitlistEntryOutStatus(StrEnum):
    ACCEPTED = "accepted"
    CLOSED = "closed"
    LAPSED = "lapsed"
    LEFT = "left"
    OFFERED = "offered"
    WAITING = "waiting"

    def __str__(self) -> str:
        return str(self.value)
