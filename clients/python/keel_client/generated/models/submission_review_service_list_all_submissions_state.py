from typing import Literal

SubmissionReviewServiceListAllSubmissionsState = Literal[
    "SUBMISSION_STATE_APPROVED",
    "SUBMISSION_STATE_PENDING",
    "SUBMISSION_STATE_REJECTED",
    "SUBMISSION_STATE_UNSPECIFIED",
    "SUBMISSION_STATE_WITHDRAWN",
]

SUBMISSION_REVIEW_SERVICE_LIST_ALL_SUBMISSIONS_STATE_VALUES: set[
    SubmissionReviewServiceListAllSubmissionsState
] = {
    "SUBMISSION_STATE_APPROVED",
    "SUBMISSION_STATE_PENDING",
    "SUBMISSION_STATE_REJECTED",
    "SUBMISSION_STATE_UNSPECIFIED",
    "SUBMISSION_STATE_WITHDRAWN",
}


def check_submission_review_service_list_all_submissions_state(
    value: str,
) -> SubmissionReviewServiceListAllSubmissionsState:
    if value in SUBMISSION_REVIEW_SERVICE_LIST_ALL_SUBMISSIONS_STATE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {SUBMISSION_REVIEW_SERVICE_LIST_ALL_SUBMISSIONS_STATE_VALUES!r}"
    )
