from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.staff_patch_roles_type_0_item import StaffPatchRolesType0Item
from ..models.staff_patch_status_type_0 import StaffPatchStatusType0
from ..types import UNSET, Unset

T = TypeVar("T", bound="StaffPatch")


@_attrs_define
class StaffPatch:
    """
    Attributes:
        roles (list[StaffPatchRolesType0Item] | None | Unset):
        status (None | StaffPatchStatusType0 | Unset):
    """

    roles: list[StaffPatchRolesType0Item] | None | Unset = UNSET
    status: None | StaffPatchStatusType0 | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        roles: list[str] | None | Unset
        if isinstance(self.roles, Unset):
            roles = UNSET
        elif isinstance(self.roles, list):
            roles = []
            for roles_type_0_item_data in self.roles:
                roles_type_0_item = roles_type_0_item_data.value
                roles.append(roles_type_0_item)

        else:
            roles = self.roles

        status: None | str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        elif isinstance(self.status, StaffPatchStatusType0):
            status = self.status.value
        else:
            status = self.status

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if roles is not UNSET:
            field_dict["roles"] = roles
        if status is not UNSET:
            field_dict["status"] = status

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_roles(data: object) -> list[StaffPatchRolesType0Item] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                roles_type_0 = []
                _roles_type_0 = data
                for roles_type_0_item_data in _roles_type_0:
                    roles_type_0_item = StaffPatchRolesType0Item(roles_type_0_item_data)

                    roles_type_0.append(roles_type_0_item)

                return roles_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[StaffPatchRolesType0Item] | None | Unset, data)

        roles = _parse_roles(d.pop("roles", UNSET))

        def _parse_status(data: object) -> None | StaffPatchStatusType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = StaffPatchStatusType0(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | StaffPatchStatusType0 | Unset, data)

        status = _parse_status(d.pop("status", UNSET))

        staff_patch = cls(
            roles=roles,
            status=status,
        )

        return staff_patch
