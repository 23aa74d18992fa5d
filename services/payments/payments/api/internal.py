"""Service-to-service routes for booking: start a checkout, expire it, refund."""

from fastapi import APIRouter, Header, Request
from fastapi.responses import JSONResponse

from lpx_common.idempotency import IdempotencyKey
from lpx_common.ids import PaymentId
from payments.deps import IdempotencyDep, InternalService, PortsDep
from payments.domain import payments as payment_domain
from payments.domain import refunds as refund_domain
from payments.domain.states import OPEN_REFUND_STATUSES
from payments.schemas import CheckoutIn, PaymentOut, RefundOut, RefundTargetIn, RefundTargetOut

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


@router.post(
    "/refunds",
    status_code=201,
    response_model=RefundTargetOut,
    responses={200: {"model": RefundTargetOut, "description": "Target already met"}},
)
async def refund_to_target(
    body: RefundTargetIn,
    principal: InternalService,
    ports: PortsDep,
    idempotency_key: str | None = Header(default=None, alias="Idempotency-Key", max_length=255),
) -> JSONResponse:
    """Booking's cumulative refund target: refund whatever the booking still lacks.

    Naturally idempotent (a target, not an amount): the same message again, or a target
    already met by refunds anyone else asked for, answers 200 with nothing new.
    """
    outcome = await refund_domain.refund_to_target(
        ports,
        booking_id=body.booking_id,
        target_minor=body.refund_total_minor,
        reason=body.reason,
        requested_by=f"service:{principal.subject}",
    )
    answer = RefundTargetOut(
        booking_id=outcome.booking_id,
        refund_total_minor=outcome.target_minor,
        currency=outcome.currency,
        settled=not outcome.created,
        refunded_minor=sum(r.amount_minor for r in outcome.refunds if r.status == "succeeded"),
        pending_minor=sum(
            r.amount_minor for r in outcome.refunds if r.status in OPEN_REFUND_STATUSES
        ),
        created=[RefundOut.of(r) for r in outcome.created],
        refunds=[RefundOut.of(r) for r in outcome.refunds],
    )
    return JSONResponse(answer.model_dump(mode="json"), status_code=201 if outcome.created else 200)
