"""Who the client is: the socket's address, or what a trusted proxy says it is.

``X-Forwarded-For`` is a list that every proxy extends on the right with the address it
saw. Only the entries added by proxies the gateway trusts can be believed, so the client
is the rightmost entry that is not a trusted proxy (the standard rightmost-untrusted
rule), and only when the request itself arrives from a trusted proxy
(``GATEWAY_TRUSTED_PROXIES``, a list of CIDRs, empty by default). From anyone else the
header is ignored: a caller cannot pick its own address, and so its own rate-limit
counter, by sending one. ``X-Forwarded-Proto`` from a trusted proxy sets the scheme.

The gateway runs under ``lpx_common.serving:EdgeHttpProtocol``, which turns uvicorn's
own forwarded-header handling off so that this middleware sees the socket's address.
"""

import ipaddress
from collections.abc import Iterable
from functools import lru_cache

from starlette.types import ASGIApp, Receive, Scope, Send

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def parse_address(value: str) -> IPAddress | None:
    """An address as proxies write it: bare, ``v4:port`` or ``[v6]:port``; None if not one."""
    value = value.strip()
    if value.startswith("["):
        value = value[1:].split("]", 1)[0]
    elif value.count(":") == 1:
        value = value.split(":", 1)[0]
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


class TrustedProxies:
    def __init__(self, networks: Iterable[IPNetwork]) -> None:
        self.networks = tuple(networks)
        self.contains = lru_cache(maxsize=4096)(self._contains)

    def _contains(self, address: IPAddress) -> bool:
        return any(address in network for network in self.networks)

    def client(self, peer: str, forwarded_for: list[str]) -> str:
        """The client's address for a request from ``peer`` with these header values."""
        peer_address = parse_address(peer)
        if not self.networks or peer_address is None or not self.contains(peer_address):
            return peer
        hops = [hop for value in forwarded_for for hop in value.split(",") if hop.strip()]
        client = str(peer_address)
        for hop in reversed(hops):
            address = parse_address(hop)
            if address is None:
                break  # garbage from here on: the last trusted hop is all we know
            client = str(address)
            if not self.contains(address):
                break
        return client


class ClientAddressMiddleware:
    """Puts the client's address (and scheme) in the scope for everything below it."""

    def __init__(self, app: ASGIApp, trusted: TrustedProxies) -> None:
        self.app = app
        self.trusted = trusted

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self.trusted.networks:
            client = scope.get("client")
            peer = client[0] if client else ""
            forwarded_for: list[str] = []
            forwarded_proto: str | None = None
            for key, value in scope["headers"]:
                if key == b"x-forwarded-for":
                    forwarded_for.append(value.decode("latin-1"))
                elif key == b"x-forwarded-proto":
                    forwarded_proto = value.decode("latin-1")
            if forwarded_for or forwarded_proto:
                address = self.trusted.client(peer, forwarded_for)
                if address != peer:
                    scope["client"] = (address, 0)
                proto = (forwarded_proto or "").rsplit(",", 1)[-1].strip().lower()
                if proto in ("http", "https") and self._from_proxy(peer):
                    scope["scheme"] = proto
        await self.app(scope, receive, send)

    def _from_proxy(self, peer: str) -> bool:
        address = parse_address(peer)
        return address is not None and self.trusted.contains(address)
