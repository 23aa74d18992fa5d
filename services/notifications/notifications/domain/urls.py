"""Where a webhook may go. A partner names a URL; we must never be made to call into our
own network (SSRF): production sends only over HTTPS, only to public addresses, and the
address is checked after DNS resolution, on every delivery (DNS can change), and the
request then goes to that checked address.

Pure rules; the resolution happens in ``clients.webhooks``.
"""

import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit


class UnsafeTarget(ValueError):
    """A URL or address a webhook may not be sent to; the message says why."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str  # path and query, as given


def parse(url: str, *, allow_http: bool) -> Target:
    parts = urlsplit(url)
    allowed = ("https", "http") if allow_http else ("https",)
    if parts.scheme not in allowed:
        raise UnsafeTarget("the URL must use https")
    if not parts.hostname:
        raise UnsafeTarget("the URL has no host")
    if parts.username or parts.password:
        raise UnsafeTarget("the URL must not carry credentials")
    if parts.fragment:
        raise UnsafeTarget("the URL must not have a fragment")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise UnsafeTarget("the URL's port is not valid") from exc
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(parts.scheme, parts.hostname.lower(), port, path)


def check_address(address: str, *, allow_loopback: bool) -> None:
    """Refuse anything but a public unicast address (loopback only when allowed)."""
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        if allow_loopback:
            return
        raise UnsafeTarget("the host resolves to a loopback address")
    if (
        ip.is_private
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    ):
        raise UnsafeTarget("the host resolves to an address that is not public")
