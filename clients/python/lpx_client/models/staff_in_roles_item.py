from enum import StrEnum


class StaffInRolesItem(StrEnum):
    ADMIN = "admin"
    FINANCE = "finance"
    OPERATOR = "operator"
    SALES = "sales"

    def __str__(self) -> str:
        return str(self.value)
