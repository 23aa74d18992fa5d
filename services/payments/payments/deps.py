"""Dependencies of the payments routes, as `Annotated` aliases."""

from typing import Annotated

from fastapi import Depends, Request

from lpx_common.auth import Authenticated as Authenticated
from lpx_common.deps import DbDep as DbDep
from lpx_common.deps import IdempotencyDep as IdempotencyDep
from payments.config import Settings


def get_settings_from_app(request: Request) -> Settings:
    return request.app.state.settings


SettingsDep = Annotated[Settings, Depends(get_settings_from_app)]
