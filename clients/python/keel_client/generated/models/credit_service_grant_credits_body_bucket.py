from typing import Literal

CreditServiceGrantCreditsBodyBucket = Literal[
    "BUCKET_KIND_PROMOTIONAL", "BUCKET_KIND_PURCHASED", "BUCKET_KIND_UNSPECIFIED"
]

CREDIT_SERVICE_GRANT_CREDITS_BODY_BUCKET_VALUES: set[CreditServiceGrantCreditsBodyBucket] = {
    "BUCKET_KIND_PROMOTIONAL",
    "BUCKET_KIND_PURCHASED",
    "BUCKET_KIND_UNSPECIFIED",
}


def check_credit_service_grant_credits_body_bucket(
    value: str,
) -> CreditServiceGrantCreditsBodyBucket:
    if value in CREDIT_SERVICE_GRANT_CREDITS_BODY_BUCKET_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {CREDIT_SERVICE_GRANT_CREDITS_BODY_BUCKET_VALUES!r}"
    )
