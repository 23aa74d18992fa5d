"""Stripe's SDK over the platform's lean HTTP pool: the SDK's behaviour is kept (objects,
errors with Stripe's request id, retries of a lost connection with the same
Idempotency-Key) against the stand-in and against a server that drops a connection."""

import asyncio
import time
from collections.abc import Awaitable, Callable

import pytest
import stripe

from payments.clients.stripe_http import LeanStripeHttpClient
from tests.harness import STRIPE_API_KEY, Platform
from tests.payments.test_stripe_standin import session_form


def sdk(base: str, retries: int = 0) -> tuple[stripe.StripeClient, LeanStripeHttpClient]:
    http = LeanStripeHttpClient(timeout=5.0)
    client = stripe.StripeClient(
        STRIPE_API_KEY,
        base_addresses={"api": base},
        http_client=http,
        max_network_retries=retries,
    )
    return client, http


def run(check: Callable[[], Awaitable[None]], http: LeanStripeHttpClient) -> None:
    async def main() -> None:
        try:
            await check()
        finally:
            await http.close_async()

    asyncio.run(main())


def test_the_sdk_creates_and_reads_objects_through_the_pool(platform: Platform) -> None:
    client, http = sdk(platform.service("stripe").url)

    async def check() -> None:
        form = session_form()
        made = await client.v1.checkout.sessions.create_async(
            params={
                "mode": "payment",
                "success_url": form["success_url"],
                "expires_at": int(form["expires_at"]),
                "line_items": [
                    {
                        "quantity": 1,
                        "price_data": {
                            "currency": "jpy",
                            "unit_amount": 3_000,
                            "product_data": {"name": "お名前の刻印"},
                        },
                    }
                ],
                "metadata": {"booking_id": "bkg_POOL1"},
            },
            options={"idempotency_key": f"pool:{time.time_ns()}"},
        )
        # Twice over one pooled connection, the second read answered like the first.
        for _ in range(2):
            read = await client.v1.checkout.sessions.retrieve_async(made.id)
            assert (read.id, read.amount_total, read.currency) == (made.id, 3_000, "jpy")
            assert read.metadata["booking_id"] == "bkg_POOL1"
            assert read.last_response.request_id  # the answer's headers reach the SDK

    run(check, http)


def test_a_refusal_is_the_sdks_error_with_stripes_message(platform: Platform) -> None:
    client, http = sdk(platform.service("stripe").url)

    async def check() -> None:
        with pytest.raises(stripe.InvalidRequestError) as refused:
            await client.v1.checkout.sessions.retrieve_async("cs_test_nobody_made_this")
        assert refused.value.http_status == 404
        assert "cs_test_nobody_made_this" in str(refused.value.user_message)

    run(check, http)


def test_a_closed_port_is_a_connection_error_after_the_sdks_retries() -> None:
    client, http = sdk("http://127.0.0.1:1", retries=1)

    async def check() -> None:
        started = time.monotonic()
        with pytest.raises(stripe.APIConnectionError):
            await client.v1.balance.retrieve_async()
        assert time.monotonic() - started < 5  # refused at once, one backoff between

    run(check, http)


def test_a_post_whose_connection_dropped_is_sent_again_with_the_same_key() -> None:
    """The first connection is closed before any answer; the SDK retries on a new one,
    with the Idempotency-Key it made, so Stripe would create the object once."""
    seen: list[bytes] = []

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        length = next(
            int(line.split(b":", 1)[1])
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"content-length:")
        )
        await reader.readexactly(length)
        seen.append(head)
        if len(seen) > 1:
            body = b'{"id": "re_1", "object": "refund", "amount": 500, "status": "succeeded"}'
            writer.write(
                b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nRequest-Id: req_2\r\n"
                b"content-length: %d\r\n\r\n%s" % (len(body), body)
            )
            await writer.drain()
        writer.close()

    async def check() -> None:
        server = await asyncio.start_server(serve, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        client, http = sdk(f"http://127.0.0.1:{port}", retries=2)
        try:
            refund = await client.v1.refunds.create_async(
                params={"payment_intent": "pi_1", "amount": 500}
            )
        finally:
            await http.close_async()
            server.close()
        assert (refund.id, refund.amount, refund.last_response.request_id) == ("re_1", 500, "req_2")
        keys = [
            line.split(b":", 1)[1].strip()
            for head in seen
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"idempotency-key:")
        ]
        assert len(seen) == 2 and len(keys) == 2 and keys[0] == keys[1]

    asyncio.run(check())
