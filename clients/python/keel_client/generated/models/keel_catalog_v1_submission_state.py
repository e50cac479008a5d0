from typing import Literal

KeelCatalogV1SubmissionState = Literal[
    "SUBMISSION_STATE_APPROVED",
    "SUBMISSION_STATE_PENDING",
    "SUBMISSION_STATE_REJECTED",
    "SUBMISSION_STATE_UNSPECIFIED",
    "SUBMISSION_STATE_WITHDRAWN",
]

KEEL_CATALOG_V1_SUBMISSION_STATE_VALUES: set[KeelCatalogV1SubmissionState] = {
    "SUBMISSION_STATE_APPROVED",
    "SUBMISSION_STATE_PENDING",
    "SUBMISSION_STATE_REJECTED",
    "SUBMISSION_STATE_UNSPECIFIED",
    "SUBMISSION_STATE_WITHDRAWN",
}


def check_keel_catalog_v1_submission_state(value: str) -> KeelCatalogV1SubmissionState:
    if value in KEEL_CATALOG_V1_SUBMISSION_STATE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {KEEL_CATALOG_V1_SUBMISSION_STATE_VALUES!r}"
    )
