from enum import StrEnum


class InvoiceVoidOutOutcome(StrEnum):
    ALREADY_DELETED = "already_deleted"
    ALREADY_PAID = "already_paid"
    ALREADY_VOID = "already_void"
    DELETED = "deleted"
    NOT_INVOICED = "not_invoiced"
    VOIDED = "voided"

    def __str__(self) -> str:
        return str(self.value)
