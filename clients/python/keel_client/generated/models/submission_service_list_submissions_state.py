from typing import Literal

SubmissionServiceListSubmissionsState = Literal[
    "SUBMISSION_STATE_APPROVED",
    "SUBMISSION_STATE_PENDING",
    "SUBMISSION_STATE_REJECTED",
    "SUBMISSION_STATE_UNSPECIFIED",
    "SUBMISSION_STATE_WITHDRAWN",
]

SUBMISSION_SERVICE_LIST_SUBMISSIONS_STATE_VALUES: set[SubmissionServiceListSubmissionsState] = {
    "SUBMISSION_STATE_APPROVED",
    "SUBMISSION_STATE_PENDING",
    "SUBMISSION_STATE_REJECTED",
    "SUBMISSION_STATE_UNSPECIFIED",
    "SUBMISSION_STATE_WITHDRAWN",
}


def check_submission_service_list_submissions_state(
    value: str,
) -> SubmissionServiceListSubmissionsState:
    if value in SUBMISSION_SERVICE_LIST_SUBMISSIONS_STATE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {SUBMISSION_SERVICE_LIST_SUBMISSIONS_STATE_VALUES!r}"
    )
