"""Dependencies of the catalog routes, as `Annotated` aliases."""

from typing import Annotated

from fastapi import Depends, Request

from catalog.config import Settings
from lpx_common.auth import Authenticated as Authenticated
from lpx_common.deps import DbDep as DbDep
from lpx_common.deps import IdempotencyDep as IdempotencyDep


def get_settings_from_app(request: Request) -> Settings:
    return request.app.state.settings


SettingsDep = Annotated[Settings, Depends(get_settings_from_app)]
