from typing import Literal

KeelIdentityV1InvitationStatus = Literal[
    "INVITATION_STATUS_ACCEPTED",
    "INVITATION_STATUS_EXPIRED",
    "INVITATION_STATUS_PENDING",
    "INVITATION_STATUS_REVOKED",
    "INVITATION_STATUS_UNSPECIFIED",
]

KEEL_IDENTITY_V1_INVITATION_STATUS_VALUES: set[KeelIdentityV1InvitationStatus] = {
    "INVITATION_STATUS_ACCEPTED",
    "INVITATION_STATUS_EXPIRED",
    "INVITATION_STATUS_PENDING",
    "INVITATION_STATUS_REVOKED",
    "INVITATION_STATUS_UNSPECIFIED",
}


def check_keel_identity_v1_invitation_status(value: str) -> KeelIdentityV1InvitationStatus:
    if value in KEEL_IDENTITY_V1_INVITATION_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {KEEL_IDENTITY_V1_INVITATION_STATUS_VALUES!r}"
    )
