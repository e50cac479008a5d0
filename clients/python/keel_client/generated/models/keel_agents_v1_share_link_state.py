from typing import Literal

KeelAgentsV1ShareLinkState = Literal[
    "SHARE_LINK_STATE_ACTIVE",
    "SHARE_LINK_STATE_EXHAUSTED",
    "SHARE_LINK_STATE_EXPIRED",
    "SHARE_LINK_STATE_REVOKED",
    "SHARE_LINK_STATE_UNSPECIFIED",
]

KEEL_AGENTS_V1_SHARE_LINK_STATE_VALUES: set[KeelAgentsV1ShareLinkState] = {
    "SHARE_LINK_STATE_ACTIVE",
    "SHARE_LINK_STATE_EXHAUSTED",
    "SHARE_LINK_STATE_EXPIRED",
    "SHARE_LINK_STATE_REVOKED",
    "SHARE_LINK_STATE_UNSPECIFIED",
}


def check_keel_agents_v1_share_link_state(value: str) -> KeelAgentsV1ShareLinkState:
    if value in KEEL_AGENTS_V1_SHARE_LINK_STATE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {KEEL_AGENTS_V1_SHARE_LINK_STATE_VALUES!r}"
    )
