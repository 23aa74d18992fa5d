"""The gateway database. Only this service reads or writes these tables."""

from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

from lpx_common.tables import idempotency_table, outbox_table

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


idempotency_keys = idempotency_table(Base.metadata)
outbox_messages = outbox_table(Base.metadata)
