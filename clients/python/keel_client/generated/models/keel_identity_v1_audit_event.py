from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_identity_v1_audit_event_after import KeelIdentityV1AuditEventAfter
    from ..models.keel_identity_v1_audit_event_before import KeelIdentityV1AuditEventBefore


T = TypeVar("T", bound="KeelIdentityV1AuditEvent")


@_attrs_define
class KeelIdentityV1AuditEvent:
    """One change, as recorded: who did what to which resource, and its state before and after.

    Attributes:
        action (str | Unset): For example `member.role_changed`.
        actor_api_key_id (str | Unset):
        actor_user_id (str | Unset): The user who acted; empty when an API key or the platform did.
        after (KeelIdentityV1AuditEventAfter | Unset):
        before (KeelIdentityV1AuditEventBefore | Unset):
        created_at (datetime.datetime | Unset):
        id (str | Unset):
        org_id (str | Unset):
        request_id (str | Unset):
        target_id (str | Unset):
        target_type (str | Unset):
    """

    action: str | Unset = UNSET
    actor_api_key_id: str | Unset = UNSET
    actor_user_id: str | Unset = UNSET
    after: KeelIdentityV1AuditEventAfter | Unset = UNSET
    before: KeelIdentityV1AuditEventBefore | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    id: str | Unset = UNSET
    org_id: str | Unset = UNSET
    request_id: str | Unset = UNSET
    target_id: str | Unset = UNSET
    target_type: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        action = self.action

        actor_api_key_id = self.actor_api_key_id

        actor_user_id = self.actor_user_id

        after: dict[str, Any] | Unset = UNSET
        if not isinstance(self.after, Unset):
            after = self.after.to_dict()

        before: dict[str, Any] | Unset = UNSET
        if not isinstance(self.before, Unset):
            before = self.before.to_dict()

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        id = self.id

        org_id = self.org_id

        request_id = self.request_id

        target_id = self.target_id

        target_type = self.target_type

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if action is not UNSET:
            field_dict["action"] = action
        if actor_api_key_id is not UNSET:
            field_dict["actor_api_key_id"] = actor_api_key_id
        if actor_user_id is not UNSET:
            field_dict["actor_user_id"] = actor_user_id
        if after is not UNSET:
            field_dict["after"] = after
        if before is not UNSET:
            field_dict["before"] = before
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if id is not UNSET:
            field_dict["id"] = id
        if org_id is not UNSET:
            field_dict["org_id"] = org_id
        if request_id is not UNSET:
            field_dict["request_id"] = request_id
        if target_id is not UNSET:
            field_dict["target_id"] = target_id
        if target_type is not UNSET:
            field_dict["target_type"] = target_type

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_identity_v1_audit_event_after import KeelIdentityV1AuditEventAfter  # noqa: PLC0415
        from ..models.keel_identity_v1_audit_event_before import KeelIdentityV1AuditEventBefore  # noqa: PLC0415

        d = dict(src_dict)
        action = d.pop("action", UNSET)

        actor_api_key_id = d.pop("actor_api_key_id", UNSET)

        actor_user_id = d.pop("actor_user_id", UNSET)

        _after = d.pop("after", UNSET)
        after: KeelIdentityV1AuditEventAfter | Unset
        if isinstance(_after, Unset):
            after = UNSET
        else:
            after = KeelIdentityV1AuditEventAfter.from_dict(_after)

        _before = d.pop("before", UNSET)
        before: KeelIdentityV1AuditEventBefore | Unset
        if isinstance(_before, Unset):
            before = UNSET
        else:
            before = KeelIdentityV1AuditEventBefore.from_dict(_before)

        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)

        id = d.pop("id", UNSET)

        org_id = d.pop("org_id", UNSET)

        request_id = d.pop("request_id", UNSET)

        target_id = d.pop("target_id", UNSET)

        target_type = d.pop("target_type", UNSET)

        keel_identity_v1_audit_event = cls(
            action=action,
            actor_api_key_id=actor_api_key_id,
            actor_user_id=actor_user_id,
            after=after,
            before=before,
            created_at=created_at,
            id=id,
            org_id=org_id,
            request_id=request_id,
            target_id=target_id,
            target_type=target_type,
        )

        return keel_identity_v1_audit_event
