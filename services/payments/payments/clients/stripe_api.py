"""Every call to Stripe, through the official SDK (``StripeClient``, async over the
platform's lean HTTP pool: ``stripe_http``).

The SDK is pointed at ``settings.stripe_api_base``: Stripe in production, the local
stand-in in dev and tests; nothing here knows which. Results come back as plain dicts.
Stripe being unreachable or failing becomes :class:`StripeUnavailable` (503 for our
callers, retry later); Stripe refusing a request becomes :class:`StripeRejected`.
"""

from typing import Any

import stripe

from payments.clients.stripe_http import LeanStripeHttpClient
from payments.config import Settings

# Expansions that bring the charge and its balance transaction (amount, fee, net) along.
SESSION_EXPAND = ["payment_intent.latest_charge.balance_transaction"]


class StripeUnavailable(Exception):
    pass


class StripeRejected(Exception):
    def __init__(self, message: str, *, code: str | None, param: str | None, status: int | None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.param = param
        self.status = status


def _plain(obj: Any) -> dict[str, Any]:
    return obj.to_dict() if hasattr(obj, "to_dict") else dict(obj)


class StripeApi:
    def __init__(self, settings: Settings) -> None:
        self._http = LeanStripeHttpClient(timeout=settings.http_timeout_seconds)
        self.client = stripe.StripeClient(
            settings.stripe_secret_key.get_secret_value(),
            base_addresses={"api": settings.stripe_api_base},
            http_client=self._http,
            max_network_retries=settings.stripe_max_network_retries,
        )

    async def aclose(self) -> None:
        await self._http.close_async()

    async def _call(self, coro: Any) -> dict[str, Any]:
        try:
            return _plain(await coro)
        except (stripe.APIConnectionError, stripe.RateLimitError) as exc:
            raise StripeUnavailable(str(exc.user_message or exc)) from exc
        except stripe.AuthenticationError as exc:
            # Our key is wrong: an operator must fix configuration; callers retry later.
            raise StripeUnavailable("Stripe refused our API key.") from exc
        except stripe.IdempotencyError as exc:
            raise StripeRejected(
                str(exc.user_message or exc),
                code="idempotency_error",
                param=None,
                status=exc.http_status,
            ) from exc
        except (stripe.InvalidRequestError, stripe.CardError) as exc:
            raise StripeRejected(
                str(exc.user_message or exc),
                code=exc.code,
                param=getattr(exc, "param", None),
                status=exc.http_status,
            ) from exc
        except stripe.StripeError as exc:
            if exc.http_status is not None and exc.http_status < 500:
                raise StripeRejected(
                    str(exc.user_message or exc),
                    code=exc.code,
                    param=None,
                    status=exc.http_status,
                ) from exc
            raise StripeUnavailable(str(exc.user_message or exc)) from exc

    async def create_checkout_session(
        self, params: dict[str, Any], *, idempotency_key: str
    ) -> dict[str, Any]:
        return await self._call(
            self.client.v1.checkout.sessions.create_async(
                params=params,  # type: ignore[arg-type]  # built to Stripe's schema
                options={"idempotency_key": idempotency_key},
            )
        )

    async def retrieve_checkout_session(self, session_id: str) -> dict[str, Any]:
        return await self._call(
            self.client.v1.checkout.sessions.retrieve_async(
                session_id, params={"expand": SESSION_EXPAND}
            )
        )

    async def expire_checkout_session(
        self, session_id: str, *, idempotency_key: str
    ) -> dict[str, Any]:
        return await self._call(
            self.client.v1.checkout.sessions.expire_async(
                session_id, options={"idempotency_key": idempotency_key}
            )
        )

    async def create_refund(
        self, params: dict[str, Any], *, idempotency_key: str
    ) -> dict[str, Any]:
        return await self._call(
            self.client.v1.refunds.create_async(
                params=params,  # type: ignore[arg-type]
                options={"idempotency_key": idempotency_key},
            )
        )

    async def create_credit_note(
        self, params: dict[str, Any], *, idempotency_key: str
    ) -> dict[str, Any]:
        return await self._call(
            self.client.v1.credit_notes.create_async(
                params=params,  # type: ignore[arg-type]
                options={"idempotency_key": idempotency_key},
            )
        )

    async def retrieve_refund(self, refund_id: str) -> dict[str, Any]:
        return await self._call(self.client.v1.refunds.retrieve_async(refund_id))

    async def list_refunds(self, charge_id: str) -> list[dict[str, Any]]:
        refunds: list[dict[str, Any]] = []
        params: dict[str, Any] = {"charge": charge_id, "limit": 100}
        while True:
            page = await self._call(self.client.v1.refunds.list_async(params=params))  # type: ignore[arg-type]
            refunds.extend(page["data"])
            if not page.get("has_more") or not page["data"]:
                return refunds
            params["starting_after"] = page["data"][-1]["id"]

    async def retrieve_dispute(self, dispute_id: str) -> dict[str, Any]:
        return await self._call(self.client.v1.disputes.retrieve_async(dispute_id))

    async def retrieve_payout(self, payout_id: str) -> dict[str, Any]:
        return await self._call(self.client.v1.payouts.retrieve_async(payout_id))
