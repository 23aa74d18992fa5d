"""FastAPI dependencies every service uses; services add their own in their ``deps.py``.

They are ``async def`` on purpose: FastAPI runs a plain ``def`` dependency in a worker
thread, a hop that costs more than these one-line lookups themselves.
"""

from typing import Annotated

from fastapi import Depends, Request

from lpx_common.auth import TokenCodec
from lpx_common.db import Database
from lpx_common.idempotency import IdempotencyStore


async def get_db(request: Request) -> Database:
    return request.app.state.db


async def get_idempotency_store(request: Request) -> IdempotencyStore:
    return request.app.state.idempotency


async def get_token_codec(request: Request) -> TokenCodec:
    return request.app.state.token_codec


DbDep = Annotated[Database, Depends(get_db)]
IdempotencyDep = Annotated[IdempotencyStore, Depends(get_idempotency_store)]
TokenCodecDep = Annotated[TokenCodec, Depends(get_token_codec)]
