from enum import StrEnum


class ListEntriesStatusType0(StrEnum):
    ACCEPTED = "accepted"
    CLOSED = "closed"
    LAPSED = "lapsed"
    LEFT = "left"
    OFFERED = "offered"
    WAITING = "waiting"

    def __str__(self) -> str:
        return str(self.value)
