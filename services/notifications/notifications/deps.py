"""Dependencies of the notifications routes, as `Annotated` aliases."""

from typing import Annotated

from fastapi import Depends, Request

from lpx_common.auth import Authenticated as Authenticated
from lpx_common.auth import Principal, require
from lpx_common.deps import DbDep as DbDep
from lpx_common.deps import IdempotencyDep as IdempotencyDep
from notifications.config import Settings


async def get_settings_from_app(request: Request) -> Settings:
    return request.app.state.settings


SettingsDep = Annotated[Settings, Depends(get_settings_from_app)]

# Who may do what: peers send events; partners (and the back office for them) manage
# webhook endpoints; admins and operators read failed emails.
ServiceCaller = Annotated[Principal, Depends(require(kinds=("service",)))]
WebhookManager = Annotated[
    Principal, Depends(require(scopes=("webhooks:manage",), roles=("admin", "sales")))
]
MailReader = Annotated[Principal, Depends(require(roles=("admin", "operator")))]
