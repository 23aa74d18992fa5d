"""Dependencies of the booking routes, as `Annotated` aliases."""

from typing import Annotated

from fastapi import Depends, Request

from booking.config import Settings
from booking.ports import Ports
from lpx_common.auth import Authenticated as Authenticated
from lpx_common.auth import Principal, require
from lpx_common.deps import DbDep as DbDep
from lpx_common.deps import IdempotencyDep as IdempotencyDep
from lpx_common.waiting import ChangeSignals


def get_settings_from_app(request: Request) -> Settings:
    return request.app.state.settings


async def get_ports(request: Request) -> Ports:
    return request.app.state.ports


async def get_changes(request: Request) -> ChangeSignals:
    return request.app.state.changes


SettingsDep = Annotated[Settings, Depends(get_settings_from_app)]
PortsDep = Annotated[Ports, Depends(get_ports)]
ChangesDep = Annotated[ChangeSignals, Depends(get_changes)]

# Who may do what (the domain narrows further to the caller's own bookings):
# create: customers for themselves, partners with bookings:write, sales staff (admin too).
Creator = Annotated[
    Principal,
    Depends(require(kinds=("customer",), roles=("sales",), scopes=("bookings:write",))),
]
# read: customers (own), partners with bookings:read (own), every staff role.
Reader = Annotated[
    Principal,
    Depends(
        require(
            kinds=("customer",),
            roles=("sales", "finance", "operator", "admin"),
            scopes=("bookings:read",),
        )
    ),
]
# change (checkout, cancel): customers (own), partners with bookings:write, sales/operators.
Changer = Annotated[
    Principal,
    Depends(
        require(
            kinds=("customer",), roles=("sales", "operator", "admin"), scopes=("bookings:write",)
        )
    ),
]
# company accounts (who booked what, across customers and partners): sales and admins.
CompanyReader = Annotated[Principal, Depends(require(roles=("sales", "admin")))]
Reviewer = Annotated[Principal, Depends(require(roles=("sales", "operator", "admin")))]
PeerService = Annotated[Principal, Depends(require(kinds=("service",)))]
