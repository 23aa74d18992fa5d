from enum import StrEnum


class ListInvoicesStatusType0(StrEnum):
    DELETED = "deleted"
    DRAFT = "draft"
    OPEN = "open"
    PAID = "paid"
    UNCOLLECTIBLE = "uncollectible"
    VOID = "void"

    def __str__(self) -> str:
        return str(self.value)
