from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.keel_agents_v1_share_link_state import (
    KeelAgentsV1ShareLinkState,
    check_keel_agents_v1_share_link_state,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="KeelAgentsV1ShareLink")


@_attrs_define
class KeelAgentsV1ShareLink:
    """
    Attributes:
        agent_id (str | Unset):
        created_at (datetime.datetime | Unset):
        created_by (str | Unset):
        expires_at (datetime.datetime | Unset): Unset: it does not expire.
        greeting (str | Unset): Shown to visitors with the agent.
        id (str | Unset): The URL's secret: the visitor's page is `/v1/share/{id}`.
        label (str | Unset): For the people who manage it.
        last_run_at (datetime.datetime | Unset):
        last_viewed_at (datetime.datetime | Unset):
        max_runs (int | Unset): Runs the link may start in all; 0: no cap.
        org_id (str | Unset):
        revoked_at (datetime.datetime | Unset):
        run_count (str | Unset):
        runs_per_minute (int | Unset): Runs per minute through the link, and per visitor address on it.
        state (KeelAgentsV1ShareLinkState | Unset): - `SHARE_LINK_STATE_ACTIVE`: Visitors may view it and start runs
            (within its limits).
            - `SHARE_LINK_STATE_EXPIRED`: Past `expires_at` (a later expiry makes it active again).
            - `SHARE_LINK_STATE_REVOKED`: Revoked: inactive for good.
            - `SHARE_LINK_STATE_EXHAUSTED`: Its `max_runs` are used up (a higher cap makes it active again).
        updated_at (datetime.datetime | Unset):
        view_count (str | Unset):
        visitor_runs_per_minute (int | Unset):
    """

    agent_id: str | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    created_by: str | Unset = UNSET
    expires_at: datetime.datetime | Unset = UNSET
    greeting: str | Unset = UNSET
    id: str | Unset = UNSET
    label: str | Unset = UNSET
    last_run_at: datetime.datetime | Unset = UNSET
    last_viewed_at: datetime.datetime | Unset = UNSET
    max_runs: int | Unset = UNSET
    org_id: str | Unset = UNSET
    revoked_at: datetime.datetime | Unset = UNSET
    run_count: str | Unset = UNSET
    runs_per_minute: int | Unset = UNSET
    state: KeelAgentsV1ShareLinkState | Unset = UNSET
    updated_at: datetime.datetime | Unset = UNSET
    view_count: str | Unset = UNSET
    visitor_runs_per_minute: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        agent_id = self.agent_id

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        created_by = self.created_by

        expires_at: str | Unset = UNSET
        if not isinstance(self.expires_at, Unset):
            expires_at = self.expires_at.isoformat()

        greeting = self.greeting

        id = self.id

        label = self.label

        last_run_at: str | Unset = UNSET
        if not isinstance(self.last_run_at, Unset):
            last_run_at = self.last_run_at.isoformat()

        last_viewed_at: str | Unset = UNSET
        if not isinstance(self.last_viewed_at, Unset):
            last_viewed_at = self.last_viewed_at.isoformat()

        max_runs = self.max_runs

        org_id = self.org_id

        revoked_at: str | Unset = UNSET
        if not isinstance(self.revoked_at, Unset):
            revoked_at = self.revoked_at.isoformat()

        run_count = self.run_count

        runs_per_minute = self.runs_per_minute

        state: str | Unset = UNSET
        if not isinstance(self.state, Unset):
            state = self.state

        updated_at: str | Unset = UNSET
        if not isinstance(self.updated_at, Unset):
            updated_at = self.updated_at.isoformat()

        view_count = self.view_count

        visitor_runs_per_minute = self.visitor_runs_per_minute

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if agent_id is not UNSET:
            field_dict["agent_id"] = agent_id
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if created_by is not UNSET:
            field_dict["created_by"] = created_by
        if expires_at is not UNSET:
            field_dict["expires_at"] = expires_at
        if greeting is not UNSET:
            field_dict["greeting"] = greeting
        if id is not UNSET:
            field_dict["id"] = id
        if label is not UNSET:
            field_dict["label"] = label
        if last_run_at is not UNSET:
            field_dict["last_run_at"] = last_run_at
        if last_viewed_at is not UNSET:
            field_dict["last_viewed_at"] = last_viewed_at
        if max_runs is not UNSET:
            field_dict["max_runs"] = max_runs
        if org_id is not UNSET:
            field_dict["org_id"] = org_id
        if revoked_at is not UNSET:
            field_dict["revoked_at"] = revoked_at
        if run_count is not UNSET:
            field_dict["run_count"] = run_count
        if runs_per_minute is not UNSET:
            field_dict["runs_per_minute"] = runs_per_minute
        if state is not UNSET:
            field_dict["state"] = state
        if updated_at is not UNSET:
            field_dict["updated_at"] = updated_at
        if view_count is not UNSET:
            field_dict["view_count"] = view_count
        if visitor_runs_per_minute is not UNSET:
            field_dict["visitor_runs_per_minute"] = visitor_runs_per_minute

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        agent_id = d.pop("agent_id", UNSET)

        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)

        created_by = d.pop("created_by", UNSET)

        _expires_at = d.pop("expires_at", UNSET)
        expires_at: datetime.datetime | Unset
        if isinstance(_expires_at, Unset):
            expires_at = UNSET
        else:
            expires_at = datetime.datetime.fromisoformat(_expires_at)

        greeting = d.pop("greeting", UNSET)

        id = d.pop("id", UNSET)

        label = d.pop("label", UNSET)

        _last_run_at = d.pop("last_run_at", UNSET)
        last_run_at: datetime.datetime | Unset
        if isinstance(_last_run_at, Unset):
            last_run_at = UNSET
        else:
            last_run_at = datetime.datetime.fromisoformat(_last_run_at)

        _last_viewed_at = d.pop("last_viewed_at", UNSET)
        last_viewed_at: datetime.datetime | Unset
        if isinstance(_last_viewed_at, Unset):
            last_viewed_at = UNSET
        else:
            last_viewed_at = datetime.datetime.fromisoformat(_last_viewed_at)

        max_runs = d.pop("max_runs", UNSET)

        org_id = d.pop("org_id", UNSET)

        _revoked_at = d.pop("revoked_at", UNSET)
        revoked_at: datetime.datetime | Unset
        if isinstance(_revoked_at, Unset):
            revoked_at = UNSET
        else:
            revoked_at = datetime.datetime.fromisoformat(_revoked_at)

        run_count = d.pop("run_count", UNSET)

        runs_per_minute = d.pop("runs_per_minute", UNSET)

        _state = d.pop("state", UNSET)
        state: KeelAgentsV1ShareLinkState | Unset
        if isinstance(_state, Unset):
            state = UNSET
        else:
            state = check_keel_agents_v1_share_link_state(_state)

        _updated_at = d.pop("updated_at", UNSET)
        updated_at: datetime.datetime | Unset
        if isinstance(_updated_at, Unset):
            updated_at = UNSET
        else:
            updated_at = datetime.datetime.fromisoformat(_updated_at)

        view_count = d.pop("view_count", UNSET)

        visitor_runs_per_minute = d.pop("visitor_runs_per_minute", UNSET)

        keel_agents_v1_share_link = cls(
            agent_id=agent_id,
            created_at=created_at,
            created_by=created_by,
            expires_at=expires_at,
            greeting=greeting,
            id=id,
            label=label,
            last_run_at=last_run_at,
            last_viewed_at=last_viewed_at,
            max_runs=max_runs,
            org_id=org_id,
            revoked_at=revoked_at,
            run_count=run_count,
            runs_per_minute=runs_per_minute,
            state=state,
            updated_at=updated_at,
            view_count=view_count,
            visitor_runs_per_minute=visitor_runs_per_minute,
        )

        return keel_agents_v1_share_link
