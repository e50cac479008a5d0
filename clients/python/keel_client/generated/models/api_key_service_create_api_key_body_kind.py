from typing import Literal

ApiKeyServiceCreateApiKeyBodyKind = Literal["API_KEY_KIND_SERVICE", "API_KEY_KIND_USER"]

API_KEY_SERVICE_CREATE_API_KEY_BODY_KIND_VALUES: set[ApiKeyServiceCreateApiKeyBodyKind] = {
    "API_KEY_KIND_SERVICE",
    "API_KEY_KIND_USER",
}


def check_api_key_service_create_api_key_body_kind(value: str) -> ApiKeyServiceCreateApiKeyBodyKind:
    if value in API_KEY_SERVICE_CREATE_API_KEY_BODY_KIND_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {API_KEY_SERVICE_CREATE_API_KEY_BODY_KIND_VALUES!r}"
    )
