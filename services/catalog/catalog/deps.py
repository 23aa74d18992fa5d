"""Dependencies of the catalog routes, as `Annotated` aliases."""

from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncEngine

from catalog.config import Settings
from lpx_common.auth import Authenticated as Authenticated
from lpx_common.deps import DbDep as DbDep
from lpx_common.deps import IdempotencyDep as IdempotencyDep


async def get_settings_from_app(request: Request) -> Settings:
    return request.app.state.settings


SettingsDep = Annotated[Settings, Depends(get_settings_from_app)]


async def get_hold_engine(request: Request) -> AsyncEngine | None:
    return request.app.state.hold_engine


# The autocommit pool of the hold hot path; None on SQLite.
HoldEngineDep = Annotated[AsyncEngine | None, Depends(get_hold_engine)]
