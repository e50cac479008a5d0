from typing import Literal

KeelIdentityV1ApiKeyKind = Literal[
    "API_KEY_KIND_SERVICE", "API_KEY_KIND_UNSPECIFIED", "API_KEY_KIND_USER"
]

KEEL_IDENTITY_V1_API_KEY_KIND_VALUES: set[KeelIdentityV1ApiKeyKind] = {
    "API_KEY_KIND_SERVICE",
    "API_KEY_KIND_UNSPECIFIED",
    "API_KEY_KIND_USER",
}


def check_keel_identity_v1_api_key_kind(value: str) -> KeelIdentityV1ApiKeyKind:
    if value in KEEL_IDENTITY_V1_API_KEY_KIND_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {KEEL_IDENTITY_V1_API_KEY_KIND_VALUES!r}"
    )
