"""An unexpected error is a 500 problem+json whose request id is in the log line that
describes it, and the server keeps the caller's keep-alive connection open."""

import json

import httpx

from tests.harness import Platform, ServiceProcess


def test_a_500_names_its_request_id_in_the_log_and_keeps_the_connection(
    platform: Platform,
) -> None:
    process = ServiceProcess(
        "failing", "tests.common.failing_app:create_app", {}, platform.log_dir
    ).start()
    try:
        with httpx.Client(base_url=process.url) as client:
            before = client.get("/livez").json()["client_port"]
            failed = client.get("/boom", headers={"X-Request-ID": "req-boom-1"})
            after = client.get("/livez").json()["client_port"]
    finally:
        process.stop()
    assert failed.status_code == 500
    assert failed.headers["content-type"] == "application/problem+json"
    assert failed.headers["x-request-id"] == "req-boom-1"
    assert "request id" in failed.json()["detail"]
    # The same connection served the next request: the error did not drop it.
    assert before == after
    lines = [json.loads(line) for line in process.log_text().splitlines() if line.startswith("{")]
    errors = [line for line in lines if line["level"] == "error"]
    assert errors, "the unexpected error was not logged"
    assert all(line["request_id"] == "req-boom-1" for line in errors), errors
    assert any("RuntimeError" in line.get("exc", "") for line in errors)
