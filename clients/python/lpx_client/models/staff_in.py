from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.staff_in_roles_item import StaffInRolesItem

T = TypeVar("T", bound="StaffIn")


@_attrs_define
class StaffIn:
    """
    Attributes:
        email (str):
        name (str):
        password (str):
        roles (list[StaffInRolesItem]):
    """

    email: str
    name: str
    password: str
    roles: list[StaffInRolesItem]

    def to_dict(self) -> dict[str, Any]:
        email = self.email

        name = self.name

        password = self.password

        roles = []
        for roles_item_data in self.roles:
            roles_item = roles_item_data.value
            roles.append(roles_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "email": email,
                "name": name,
                "password": password,
                "roles": roles,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        email = d.pop("email")

        name = d.pop("name")

        password = d.pop("password")

        roles = []
        _roles = d.pop("roles")
        for roles_item_data in _roles:
            roles_item = StaffInRolesItem(roles_item_data)

            roles.append(roles_item)

        staff_in = cls(
            email=email,
            name=name,
            password=password,
            roles=roles,
        )

        return staff_in
