from typing import Literal

OrganizationServiceUpdateMemberBodyRole = Literal[
    "ROLE_ADMIN", "ROLE_MEMBER", "ROLE_OWNER", "ROLE_VIEWER"
]

ORGANIZATION_SERVICE_UPDATE_MEMBER_BODY_ROLE_VALUES: set[
    OrganizationServiceUpdateMemberBodyRole
] = {
    "ROLE_ADMIN",
    "ROLE_MEMBER",
    "ROLE_OWNER",
    "ROLE_VIEWER",
}


def check_organization_service_update_member_body_role(
    value: str,
) -> OrganizationServiceUpdateMemberBodyRole:
    if value in ORGANIZATION_SERVICE_UPDATE_MEMBER_BODY_ROLE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {ORGANIZATION_SERVICE_UPDATE_MEMBER_BODY_ROLE_VALUES!r}"
    )
