from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.account_out_kind import AccountOutKind

T = TypeVar("T", bound="AccountOut")


@_attrs_define
class AccountOut:
    """
    Attributes:
        created_at (datetime.datetime):
        email (str):
        id (str):
        kind (AccountOutKind):
        name (str):
        roles (list[str]):
        status (str):
    """

    created_at: datetime.datetime
    email: str
    id: str
    kind: AccountOutKind
    name: str
    roles: list[str]
    status: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        email = self.email

        id = self.id

        kind = self.kind.value

        name = self.name

        roles = self.roles

        status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "email": email,
                "id": id,
                "kind": kind,
                "name": name,
                "roles": roles,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        email = d.pop("email")

        id = d.pop("id")

        kind = AccountOutKind(d.pop("kind"))

        name = d.pop("name")

        roles = cast(list[str], d.pop("roles"))

        status = d.pop("status")

        account_out = cls(
            created_at=created_at,
            email=email,
            id=id,
            kind=kind,
            name=name,
            roles=roles,
            status=status,
        )

        account_out.additional_properties = d
        return account_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
