from enum import StrEnum


class OfferingForSaleOutKind(StrEnum):
    ACTIVE_PAYLOAD = "active_payload"
    BRAND_PLATE = "brand_plate"
    DATA_PACKAGE = "data_package"
    MEMENTO_CAPSULE = "memento_capsule"
    MEMORIAL_CAPSULE = "memorial_capsule"
    NAME_ENGRAVING = "name_engraving"
    PASSIVE_PAYLOAD = "passive_payload"
    ROVER_PAYLOAD = "rover_payload"

    def __str__(self) -> str:
        return str(self.value)
