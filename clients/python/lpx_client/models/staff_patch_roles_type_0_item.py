from enum import StrEnum


class StaffPatchRolesType0Item(StrEnum):
    ADMIN = "admin"
    FINANCE = "finance"
    OPERATOR = "operator"
    SALES = "sales"

    def __str__(self) -> str:
        return str(self.value)
