"""What each identity event changes for authorization, so caches drop only that.

Every process keeps identity's answers (`authz`), identity its facts behind them, until
identity says they changed. An event about a user (a membership, a role, a suspension)
drops the answers about that user, and those given to API keys (a user key acts for its
creator, whom its answers do not name); an ended session drops its session's; a revoked
key its own. Events that change no permission (an invitation sent, an address to verify
or verified, a plan tier) drop nothing, and an event this table does not know, or cannot
read, drops everything: a new event type is safe before it is listed here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from google.protobuf.message import Message

from keel.events.v1 import events_pb2 as envelope_pb2
from keel.identity.v1 import events_pb2
from keel_runtime.cache import EVERYTHING, NOTHING, Change, Key


@dataclass(frozen=True)
class _Rule:
    payload: type[Message]
    # The payload's fields naming whose answers change.
    ids: tuple[str, ...] = ()
    api_keys: bool = False


_USER = ("user_id",)
_RULES: dict[str, _Rule | None] = {
    "organization.created": _Rule(events_pb2.OrganizationCreated, ("org_id",)),
    # An organization's children and their keys go with it: rare enough to drop it all.
    "organization.deleted": None,
    "organization.plan_tier_changed": _Rule(events_pb2.OrganizationPlanTierChanged),
    "member.added": _Rule(events_pb2.MemberAdded, _USER, api_keys=True),
    "member.removed": _Rule(events_pb2.MemberRemoved, _USER, api_keys=True),
    "member.role_changed": _Rule(events_pb2.MemberRoleChanged, _USER, api_keys=True),
    "invitation.created": _Rule(events_pb2.InvitationCreated),
    # Its member.added, in the same transaction, says whose role changed.
    "invitation.accepted": _Rule(events_pb2.InvitationAccepted),
    "user.suspended": _Rule(events_pb2.UserSuspended, _USER, api_keys=True),
    "user.unsuspended": _Rule(events_pb2.UserUnsuspended, _USER, api_keys=True),
    "user.platform_admin_changed": _Rule(events_pb2.PlatformAdminChanged, _USER),
    "user.verification_requested": _Rule(events_pb2.VerificationRequested),
    "user.email_verified": _Rule(events_pb2.EmailVerified),
    "api_key.revoked": _Rule(events_pb2.ApiKeyRevoked, ("key_id",)),
    "session.ended": _Rule(events_pb2.SessionEnded, ("session_id",)),
}


def change_of(type: str, payload: Message) -> Change:
    """What identity's event `type` with `payload` changed."""
    rule = _RULES.get(type)
    if rule is None:
        return EVERYTHING
    if not rule.ids and not rule.api_keys:
        return NOTHING
    ids = frozenset(value for name in rule.ids if (value := getattr(payload, name)))
    return Change(ids, api_keys=rule.api_keys)


def change_of_entry(fields: Mapping[bytes, bytes] | Mapping[str, bytes]) -> Change:
    """What an entry of identity's stream (its raw fields) changed."""
    raw = dict(fields)
    body = raw.get(b"envelope", raw.get("envelope"))  # type: ignore[call-overload]
    if not isinstance(body, bytes):
        return EVERYTHING
    envelope = envelope_pb2.Event.FromString(body)
    rule = _RULES.get(envelope.type)
    if rule is None:
        return EVERYTHING
    payload = rule.payload()
    if not envelope.payload.Unpack(payload):
        return EVERYTHING
    return change_of(envelope.type, payload)


def concerns_answer(change: Change, key: Key) -> bool:
    """Whether `change` concerns an answer of `authz` (key: user, session, API key,
    organization, permission)."""
    return change.names(key) or (change.api_keys and bool(key[2]))
