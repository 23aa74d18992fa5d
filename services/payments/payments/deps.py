"""Dependencies of the payments routes, as `Annotated` aliases."""

from typing import Annotated

from fastapi import Depends, Request

from lpx_common.auth import Authenticated as Authenticated
from lpx_common.auth import Principal, require
from lpx_common.deps import DbDep as DbDep
from lpx_common.deps import IdempotencyDep as IdempotencyDep
from payments.config import Settings
from payments.domain.context import Ports


def get_settings_from_app(request: Request) -> Settings:
    return request.app.state.settings


def get_ports(request: Request) -> Ports:
    return request.app.state.ports


SettingsDep = Annotated[Settings, Depends(get_settings_from_app)]
PortsDep = Annotated[Ports, Depends(get_ports)]
# Money and ledger routes: staff finance or admin (admin passes every role check).
FinanceStaff = Annotated[Principal, Depends(require(roles=("finance",)))]
# Service-to-service routes under /v1/internal.
InternalService = Annotated[Principal, Depends(require(kinds=("service",)))]
