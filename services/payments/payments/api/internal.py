"""Service-to-service routes for booking: start a checkout, expire it, refund."""

from fastapi import APIRouter, Header, Request
from fastapi.responses import JSONResponse

from lpx_common.idempotency import IdempotencyKey
from lpx_common.ids import PaymentId
from payments.deps import IdempotencyDep, InternalService, PortsDep
from payments.domain import payments as payment_domain
from payments.domain import refunds as refund_domain
from payments.schemas import CheckoutIn, InternalRefundIn, PaymentOut, RefundOut

router = APIRouter(prefix="/v1/internal", tags=["internal"])


def _checkout_answer(payment: PaymentOut) -> dict[str, object]:
    return payment.model_dump(mode="json")


@router.post("/payments", status_code=201, response_model=PaymentOut)
async def start_checkout(
    body: CheckoutIn,
    request: Request,
    principal: InternalService,
    ports: PortsDep,
    idempotency: IdempotencyDep,
    key: IdempotencyKey,
) -> JSONResponse:
    """A Checkout Session for a booking; 201 when made, 200 when the live one is reused."""
    created_flag: dict[str, bool] = {}

    async def call() -> dict[str, object]:
        payment, created = await payment_domain.start_checkout(
            ports, payment_domain.CheckoutRequest(**body.model_dump())
        )
        created_flag["created"] = created
        return _checkout_answer(PaymentOut.of(payment))

    response = await idempotency.run_request(request, principal, key, body, call, status_code=201)
    if created_flag.get("created") is False:
        response.status_code = 200
    return response


@router.post("/payments/{payment_id}/expire", response_model=PaymentOut)
async def expire_payment(
    payment_id: PaymentId,
    principal: InternalService,
    ports: PortsDep,
    idempotency_key: str | None = Header(default=None, alias="Idempotency-Key", max_length=255),
) -> PaymentOut:
    """Expire the payment's Checkout Session (naturally idempotent)."""
    return PaymentOut.of(await payment_domain.expire_payment(ports, payment_id))


@router.post("/refunds", status_code=201, response_model=RefundOut)
async def request_refund(
    body: InternalRefundIn,
    request: Request,
    principal: InternalService,
    ports: PortsDep,
    idempotency: IdempotencyDep,
    key: IdempotencyKey,
) -> JSONResponse:
    """Refund a booking's captured payment (all refundable money when amount is null)."""

    async def call() -> dict[str, object]:
        refund = await refund_domain.request_refund(
            ports,
            booking_id=body.booking_id,
            amount_minor=body.amount_minor,
            reason=body.reason,
            requested_by=f"service:{principal.subject}",
            notify_booking=True,
        )
        return RefundOut.of(refund).model_dump(mode="json")

    return await idempotency.run_request(request, principal, key, body, call, status_code=201)
