from enum import StrEnum


class BallotApplicationInLocale(StrEnum):
    EN = "en"
    JA = "ja"

    def __str__(self) -> str:
        return str(self.value)
