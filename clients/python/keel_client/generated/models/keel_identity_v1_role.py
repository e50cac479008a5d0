from typing import Literal

KeelIdentityV1Role = Literal[
    "ROLE_ADMIN", "ROLE_MEMBER", "ROLE_OWNER", "ROLE_UNSPECIFIED", "ROLE_VIEWER"
]

KEEL_IDENTITY_V1_ROLE_VALUES: set[KeelIdentityV1Role] = {
    "ROLE_ADMIN",
    "ROLE_MEMBER",
    "ROLE_OWNER",
    "ROLE_UNSPECIFIED",
    "ROLE_VIEWER",
}


def check_keel_identity_v1_role(value: str) -> KeelIdentityV1Role:
    if value in KEEL_IDENTITY_V1_ROLE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {KEEL_IDENTITY_V1_ROLE_VALUES!r}")
