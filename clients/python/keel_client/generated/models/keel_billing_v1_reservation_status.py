from typing import Literal

KeelBillingV1ReservationStatus = Literal[
    "RESERVATION_STATUS_EXPIRED",
    "RESERVATION_STATUS_HELD",
    "RESERVATION_STATUS_RELEASED",
    "RESERVATION_STATUS_SETTLED",
    "RESERVATION_STATUS_UNSPECIFIED",
]

KEEL_BILLING_V1_RESERVATION_STATUS_VALUES: set[KeelBillingV1ReservationStatus] = {
    "RESERVATION_STATUS_EXPIRED",
    "RESERVATION_STATUS_HELD",
    "RESERVATION_STATUS_RELEASED",
    "RESERVATION_STATUS_SETTLED",
    "RESERVATION_STATUS_UNSPECIFIED",
}


def check_keel_billing_v1_reservation_status(value: str) -> KeelBillingV1ReservationStatus:
    if value in KEEL_BILLING_V1_RESERVATION_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {KEEL_BILLING_V1_RESERVATION_STATUS_VALUES!r}"
    )
