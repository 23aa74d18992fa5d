from enum import StrEnum


class ApiKeyInScopesItem(StrEnum):
    BOOKINGSREAD = "bookings:read"
    BOOKINGSWRITE = "bookings:write"
    CATALOGREAD = "catalog:read"
    WEBHOOKSMANAGE = "webhooks:manage"

    def __str__(self) -> str:
        return str(self.value)
