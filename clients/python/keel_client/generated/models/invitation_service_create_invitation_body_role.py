from typing import Literal

InvitationServiceCreateInvitationBodyRole = Literal[
    "ROLE_ADMIN", "ROLE_MEMBER", "ROLE_OWNER", "ROLE_VIEWER"
]

INVITATION_SERVICE_CREATE_INVITATION_BODY_ROLE_VALUES: set[
    InvitationServiceCreateInvitationBodyRole
] = {
    "ROLE_ADMIN",
    "ROLE_MEMBER",
    "ROLE_OWNER",
    "ROLE_VIEWER",
}


def check_invitation_service_create_invitation_body_role(
    value: str,
) -> InvitationServiceCreateInvitationBodyRole:
    if value in INVITATION_SERVICE_CREATE_INVITATION_BODY_ROLE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {INVITATION_SERVICE_CREATE_INVITATION_BODY_ROLE_VALUES!r}"
    )
