from enum import StrEnum


class OfferingPatchSaleModeType0(StrEnum):
    BALLOT = "ballot"
    FIRST_COME = "first_come"

    def __str__(self) -> str:
        return str(self.value)
