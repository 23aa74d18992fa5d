"""Dependencies of the catalog routes, as `Annotated` aliases."""

from typing import Annotated

from fastapi import Depends, Request

from catalog.config import Settings
from catalog.domain.fast_holds import FastHolds
from lpx_common.auth import Authenticated as Authenticated
from lpx_common.deps import DbDep as DbDep
from lpx_common.deps import IdempotencyDep as IdempotencyDep


async def get_settings_from_app(request: Request) -> Settings:
    return request.app.state.settings


SettingsDep = Annotated[Settings, Depends(get_settings_from_app)]


async def get_fast_holds(request: Request) -> FastHolds | None:
    return request.app.state.fast_holds


# The hold hot path (one statement, group commit); None on SQLite.
FastHoldsDep = Annotated[FastHolds | None, Depends(get_fast_holds)]
