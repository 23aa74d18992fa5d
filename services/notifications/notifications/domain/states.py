"""The lifecycles of an email and of a webhook delivery, as explicit tables."""

from enum import StrEnum

from lpx_common.states import TransitionTable


class EmailStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


E = EmailStatus

EMAIL_LIFECYCLE = TransitionTable[EmailStatus](
    "email",
    {
        # accepted by the SMTP server | refused for good (5xx) or out of attempts |
        # a transient failure: tried again later
        E.PENDING: {E.SENT, E.FAILED, E.PENDING},
        E.SENT: set(),
        # an admin may send a failed email again once the cause is fixed
        E.FAILED: {E.PENDING},
    },
)


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


D = DeliveryStatus

DELIVERY_LIFECYCLE = TransitionTable[DeliveryStatus](
    "webhook delivery",
    {
        # a 2xx | retries exhausted or the endpoint disabled | a retry is scheduled
        D.PENDING: {D.SUCCEEDED, D.FAILED, D.PENDING},
        # the partner asks for the event again (redeliver)
        D.SUCCEEDED: {D.PENDING},
        D.FAILED: {D.PENDING},
    },
)


class EndpointStatus(StrEnum):
    ENABLED = "enabled"
    DISABLED = "disabled"


ENDPOINT_LIFECYCLE = TransitionTable[EndpointStatus](
    "webhook endpoint",
    {
        EndpointStatus.ENABLED: {EndpointStatus.DISABLED},
        # the partner fixed its receiver and turns the endpoint back on
        EndpointStatus.DISABLED: {EndpointStatus.ENABLED},
    },
)
