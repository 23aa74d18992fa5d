"""Dependencies of the gateway routes, as `Annotated` aliases."""

from typing import Annotated

from fastapi import Depends, Request

from gateway.config import Settings
from gateway.domain.identity import Identity
from gateway.edge import ANONYMOUS, Caller, SessionCheck, client_ip
from gateway.ratelimit import RateLimits
from lpx_common.auth import Authenticated as Authenticated
from lpx_common.deps import DbDep as DbDep
from lpx_common.deps import IdempotencyDep as IdempotencyDep


def get_settings_from_app(request: Request) -> Settings:
    return request.app.state.settings


def get_identity(request: Request) -> Identity:
    return request.app.state.identity


def get_limits(request: Request) -> RateLimits:
    return request.app.state.limits


def get_session_check(request: Request) -> SessionCheck:
    return request.app.state.session_check


def get_caller(request: Request) -> Caller:
    """Set by GatewayMiddleware for every /v1 request it hands to the gateway's routes."""
    return getattr(request.state, "caller", None) or Caller(
        ANONYMOUS, "ip:" + client_ip(request.scope)
    )


SettingsDep = Annotated[Settings, Depends(get_settings_from_app)]
IdentityDep = Annotated[Identity, Depends(get_identity)]
LimitsDep = Annotated[RateLimits, Depends(get_limits)]
SessionCheckDep = Annotated[SessionCheck, Depends(get_session_check)]
CallerDep = Annotated[Caller, Depends(get_caller)]
