from enum import StrEnum


class BallotApplicationOutStatus(StrEnum):
    APPLIED = "applied"
    LAPSED = "lapsed"
    NOT_DRAWN = "not_drawn"
    OFFERED = "offered"
    PAID = "paid"
    WAITING = "waiting"
    WITHDRAWN = "withdrawn"

    def __str__(self) -> str:
        return str(self.value)
