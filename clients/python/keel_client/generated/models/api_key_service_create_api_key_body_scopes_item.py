from typing import Literal

ApiKeyServiceCreateApiKeyBodyScopesItem = Literal[
    "execute:agents",
    "read:agents",
    "read:billing",
    "read:conversations",
    "read:organization",
    "read:templates",
    "write:agents",
    "write:conversations",
]

API_KEY_SERVICE_CREATE_API_KEY_BODY_SCOPES_ITEM_VALUES: set[
    ApiKeyServiceCreateApiKeyBodyScopesItem
] = {
    "execute:agents",
    "read:agents",
    "read:billing",
    "read:conversations",
    "read:organization",
    "read:templates",
    "write:agents",
    "write:conversations",
}


def check_api_key_service_create_api_key_body_scopes_item(
    value: str,
) -> ApiKeyServiceCreateApiKeyBodyScopesItem:
    if value in API_KEY_SERVICE_CREATE_API_KEY_BODY_SCOPES_ITEM_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {API_KEY_SERVICE_CREATE_API_KEY_BODY_SCOPES_ITEM_VALUES!r}"
    )
