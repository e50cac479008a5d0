from typing import Literal

KeelBillingV1BucketKind = Literal[
    "BUCKET_KIND_MONTHLY",
    "BUCKET_KIND_PROMOTIONAL",
    "BUCKET_KIND_PURCHASED",
    "BUCKET_KIND_UNSPECIFIED",
]

KEEL_BILLING_V1_BUCKET_KIND_VALUES: set[KeelBillingV1BucketKind] = {
    "BUCKET_KIND_MONTHLY",
    "BUCKET_KIND_PROMOTIONAL",
    "BUCKET_KIND_PURCHASED",
    "BUCKET_KIND_UNSPECIFIED",
}


def check_keel_billing_v1_bucket_kind(value: str) -> KeelBillingV1BucketKind:
    if value in KEEL_BILLING_V1_BUCKET_KIND_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {KEEL_BILLING_V1_BUCKET_KIND_VALUES!r}"
    )
