from typing import Literal

InvitationServiceListInvitationsStatus = Literal[
    "INVITATION_STATUS_ACCEPTED",
    "INVITATION_STATUS_EXPIRED",
    "INVITATION_STATUS_PENDING",
    "INVITATION_STATUS_REVOKED",
    "INVITATION_STATUS_UNSPECIFIED",
]

INVITATION_SERVICE_LIST_INVITATIONS_STATUS_VALUES: set[InvitationServiceListInvitationsStatus] = {
    "INVITATION_STATUS_ACCEPTED",
    "INVITATION_STATUS_EXPIRED",
    "INVITATION_STATUS_PENDING",
    "INVITATION_STATUS_REVOKED",
    "INVITATION_STATUS_UNSPECIFIED",
}


def check_invitation_service_list_invitations_status(
    value: str,
) -> InvitationServiceListInvitationsStatus:
    if value in INVITATION_SERVICE_LIST_INVITATIONS_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {INVITATION_SERVICE_LIST_INVITATIONS_STATUS_VALUES!r}"
    )
