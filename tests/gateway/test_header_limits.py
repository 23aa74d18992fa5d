"""Request heads are bounded (431) at the gateway and at every service, and a head over
the limit is refused while it arrives, not after it was read whole."""

import json
import socket
import time

import httpx
import pytest

from lpx_common.limits import (
    EDGE_MAX_HEADER_BYTES,
    EDGE_MAX_HEADERS,
    SERVICE_MAX_HEADER_BYTES,
    SERVICE_MAX_HEADERS,
)
from tests.harness import Platform

LIMITS = {
    "gateway": (EDGE_MAX_HEADER_BYTES, EDGE_MAX_HEADERS),
    "catalog": (SERVICE_MAX_HEADER_BYTES, SERVICE_MAX_HEADERS),
    "booking": (SERVICE_MAX_HEADER_BYTES, SERVICE_MAX_HEADERS),
    "payments": (SERVICE_MAX_HEADER_BYTES, SERVICE_MAX_HEADERS),
}


def _read_answer(sock: socket.socket, timeout: float) -> bytes:
    sock.settimeout(timeout)
    data = b""
    try:
        while b"\r\n\r\n" not in data or not data.rstrip().endswith(b"}"):
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    except (TimeoutError, ConnectionResetError):
        pass
    return data


def _port(platform: Platform, name: str) -> int:
    return platform.service(name).port


@pytest.mark.parametrize("name", list(LIMITS))
def test_a_huge_header_is_refused_with_431_before_it_is_read_whole(
    platform: Platform, gateway: httpx.Client, name: str
) -> None:
    max_bytes, _ = LIMITS[name]
    with socket.create_connection(("127.0.0.1", _port(platform, name))) as sock:
        sock.sendall(b"GET /livez HTTP/1.1\r\nHost: x\r\nX-Big: ")
        started = time.monotonic()
        # Twice the limit, and the head never ends: a server that buffers heads waits on.
        sock.sendall(b"a" * (2 * max_bytes))
        answer = _read_answer(sock, timeout=5)
        elapsed = time.monotonic() - started
    assert answer.startswith(b"HTTP/1.1 431 "), answer[:200]
    head, _, body = answer.partition(b"\r\n\r\n")
    assert b"content-type: application/problem+json" in head.lower()
    assert b"connection: close" in head.lower()
    problem = json.loads(body)
    assert problem["status"] == 431
    assert str(max_bytes) in problem["detail"]
    assert elapsed < 2, elapsed


@pytest.mark.parametrize("name", list(LIMITS))
def test_too_many_or_too_large_headers_get_431_problem_json(
    platform: Platform, gateway: httpx.Client, name: str
) -> None:
    max_bytes, max_headers = LIMITS[name]
    url = platform.service(name).url + "/livez"
    many = {f"x-h{i}": "1" for i in range(max_headers + 1)}
    response = httpx.get(url, headers=many)
    assert response.status_code == 431
    assert response.headers["content-type"] == "application/problem+json"
    large = httpx.get(url, headers={"x-large": "a" * (max_bytes + 1)})
    assert large.status_code == 431
    # Below the limits: answered as usual.
    fine = httpx.get(
        url, headers={**dict(list(many.items())[: max_headers - 10]), "x-l": "a" * 8000}
    )
    assert fine.status_code == 200


def test_a_head_the_gateway_accepts_is_accepted_by_the_service_behind_it(
    gateway: httpx.Client,
) -> None:
    # Just under the gateway's limit: forwarded with the gateway's own headers added.
    padding = EDGE_MAX_HEADER_BYTES - 2048
    response = gateway.get("/v1/catalog/offerings?limit=1", headers={"x-pad": "a" * padding})
    assert response.status_code == 200, response.text
