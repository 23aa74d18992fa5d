"""A client library for accessing Lunar Payload Exchange API"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
