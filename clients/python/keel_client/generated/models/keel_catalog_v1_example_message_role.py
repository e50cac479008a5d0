from typing import Literal

KeelCatalogV1ExampleMessageRole = Literal["assistant", "user"]

KEEL_CATALOG_V1_EXAMPLE_MESSAGE_ROLE_VALUES: set[KeelCatalogV1ExampleMessageRole] = {
    "assistant",
    "user",
}


def check_keel_catalog_v1_example_message_role(value: str) -> KeelCatalogV1ExampleMessageRole:
    if value in KEEL_CATALOG_V1_EXAMPLE_MESSAGE_ROLE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {KEEL_CATALOG_V1_EXAMPLE_MESSAGE_ROLE_VALUES!r}"
    )
