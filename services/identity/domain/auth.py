"""Users and sessions: sign-up, e-mail verification, login (throttled), refresh-token
rotation, logout, and the active organization a user's tokens are issued for."""

from __future__ import annotations

import asyncio
import hashlib
import ipaddress
import logging
import math
import uuid
from collections.abc import Awaitable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import redis.asyncio as redis
from opentelemetry.instrumentation.utils import suppress_instrumentation

from keel.identity.v1 import events_pb2
from keel_runtime import authz, db
from keel_runtime.errors import (
    AlreadyExists,
    FailedPrecondition,
    FieldViolation,
    InvalidArgument,
    NotFound,
    QuotaExceeded,
    QuotaViolation,
    Unauthenticated,
    Unavailable,
)
from keel_runtime.rate_limits import Limit
from services.identity.config import IdentityConfig
from services.identity.data import memberships, sessions, users
from services.identity.deps import Deps
from services.identity.domain.access import Caller
from services.identity.domain.events import emit
from services.identity.domain.resources import OrganizationAccess, User
from services.identity.domain.tokens import Tokens, access_token
from services.identity.security import digest, random_token

log = logging.getLogger("keel.identity.auth")
T = TypeVar("T")
REFRESH_TOKEN_PREFIX = "ort_"
VERIFICATION_TOKEN_PREFIX = "evt_"
# How long a verification token works, and how many a user may ask for in an hour (the
# one sent at sign-up counts).
VERIFICATION_SECONDS = 24 * 3600
VERIFICATIONS_PER_HOUR = 5
WEAK_PASSWORD = "WEAK_PASSWORD"
# Lower-cased; the proto already requires 10 to 128 characters.
NOTORIOUS_PASSWORDS = frozenset(
    {
        "password123",
        "password1234",
        "password12345",
        "passw0rd123",
        "1234567890",
        "12345678910",
        "0123456789",
        "0987654321",
        "1111111111",
        "123456789a",
        "1234567890a",
        "1q2w3e4r5t",
        "1qaz2wsx3edc",
        "qwertyuiop",
        "qwerty123456",
        "qwertyuiop123",
        "abc1234567",
        "abcdefghij",
        "iloveyou123",
        "letmein123",
        "welcome123",
        "administrator",
        "changeme123",
    }
)


@dataclass(frozen=True)
class SignedIn:
    user: User
    tokens: Tokens
    # The organization the access token is for.
    active: OrganizationAccess | None = None


@dataclass(frozen=True)
class Context:
    user: User
    active: OrganizationAccess | None
    organizations: list[OrganizationAccess] = field(default_factory=list)


def normalize_email(email: str) -> str:
    """The unique form of an address: Ann@Example.COM and ann@example.com are one account."""
    return email.strip().lower()


def check_password(password: str, email: str) -> None:
    """Refuse passwords that are easy to guess for this account."""
    lowered = password.lower()
    local_part = normalize_email(email).partition("@")[0]
    problem = ""
    if len(local_part) >= 3 and local_part in lowered:
        problem = "must not contain the name of your e-mail address"
    elif lowered in NOTORIOUS_PASSWORDS:
        problem = "is one of the most commonly used passwords"
    if problem:
        raise InvalidArgument(
            f"password {problem}",
            reason=WEAK_PASSWORD,
            field_violations=[FieldViolation("password", problem, WEAK_PASSWORD)],
        )


# --- sign-up and login ------------------------------------------------------------------


async def signup(
    deps: Deps, email: str, password: str, display_name: str, client_address: str
) -> SignedIn:
    """Create a user and sign them in (they belong to no organization yet).

    Throttled per client address and overall before the password is hashed; the hash runs
    before the database is first touched, so no pooled connection waits on it.
    """
    email = email.strip()
    display_name = display_name.strip()
    if not display_name:
        raise InvalidArgument(
            "display_name must not be blank",
            reason="INVALID_ARGUMENT",
            field_violations=[FieldViolation("display_name", "must not be blank", "BLANK")],
        )
    check_password(password, email)
    deps.secrets.require_hashing_room()
    await _throttle_signup(deps, client_address)
    password_hash = await deps.secrets.hash_password(password)
    user = await users.create(email, normalize_email(email), display_name, password_hash)
    if user is None:
        raise AlreadyExists("an account with this e-mail address exists", reason="EMAIL_TAKEN")
    await _request_verification(deps, user)
    return SignedIn(user, await _start_session(deps, user.id, None))


# --- e-mail verification ----------------------------------------------------------------


async def verify_email(token: str) -> User:
    """Mark the address of `token`'s account verified; the token works once."""
    token_hash = digest(token)
    found = await users.lock_verification(token_hash)
    if found is None:
        raise NotFound("no such verification token", reason="VERIFICATION_TOKEN_NOT_FOUND")
    if found.used_at is not None:
        raise FailedPrecondition(
            "this verification token was already used", reason="VERIFICATION_TOKEN_USED"
        )
    if found.expires_at <= datetime.now(UTC):
        raise FailedPrecondition(
            "this verification token has expired; ask for a new one",
            reason="VERIFICATION_TOKEN_EXPIRED",
        )
    user = await users.verify(token_hash, found.user_id)
    await emit("user.email_verified", events_pb2.EmailVerified(user_id=str(user.id)))
    return user


async def resend_verification(deps: Deps, caller: Caller) -> datetime:
    """Send the signed-in user a new token (the ones sent before stop working); when it
    expires."""
    user_id = await deps.access.require_user(deps.facts, caller)
    user = await users.get(user_id)
    if user is None:
        raise Unauthenticated("no such user", reason="UNAUTHENTICATED")
    if user.email_verified_at is not None:
        raise FailedPrecondition(
            "this address is already verified", reason="EMAIL_ALREADY_VERIFIED"
        )
    return await _request_verification(deps, user)


async def _request_verification(deps: Deps, user: User) -> datetime:
    """A new token for `user`'s address, out as an event for messaging to e-mail (sealed:
    events rest in the outbox and the stream); stored as its digest only."""
    await _throttle_verification(deps, user.id)
    token = random_token(VERIFICATION_TOKEN_PREFIX)  # 238 random bits
    expires_at = datetime.now(UTC) + timedelta(seconds=VERIFICATION_SECONDS)
    await users.add_verification(user.id, digest(token), expires_at)
    kind = "user.verification_requested"
    requested = events_pb2.VerificationRequested(
        user_id=str(user.id),
        email=user.email,
        display_name=user.display_name,
        sealed_token=deps.sealer.seal(token, kind),
    )
    requested.expires_at.FromDatetime(expires_at)
    await emit(kind, requested)
    return expires_at


async def _throttle_verification(deps: Deps, user_id: uuid.UUID) -> None:
    """At most `VERIFICATIONS_PER_HOUR` tokens a user (the sign-up throttle's limiter): each
    one is an e-mail sent to an address that may not be the asker's."""
    limit = Limit(f"verification:{user_id}", VERIFICATIONS_PER_HOUR, 3600)
    decision = await deps.signups.hit([limit])
    if decision.allowed:
        return
    retry_after = decision.retry_after_seconds
    raise QuotaExceeded(
        f"too many verification e-mails; try again in {math.ceil(retry_after)} seconds",
        reason="VERIFICATION_THROTTLED",
        quota_violations=[
            QuotaViolation(
                subject="verification-emails:user",
                description=f"at most {VERIFICATIONS_PER_HOUR} verification e-mails "
                "per user in 3600 seconds",
            )
        ],
        retry_after_seconds=retry_after,
    )


async def login(deps: Deps, email: str, password: str, client_address: str) -> SignedIn:
    """Sign in with e-mail and password.

    An unknown address and a wrong password fail alike, in the same time. Failures are
    counted per account and client address, and per client address (`LoginThrottle`); a
    throttled attempt is refused before the password is even looked at (no guessing
    oracle while throttled).
    """
    email_normalized = normalize_email(email)
    deps.secrets.require_hashing_room()  # before the throttle counts an attempt
    throttle = LoginThrottle(deps.redis, deps.config, email_normalized, client_address)
    await throttle.attempt()
    found = await users.credentials(email_normalized)
    # Nothing is written yet: end the read's transaction, so its pooled connection goes
    # back while the hash waits for a worker (a login burst must not drain the pool that
    # every CheckPermission and API-key check needs).
    await db.session().commit()
    # Without an account this verifies against a dummy hash: the same time either way.
    matches = await deps.secrets.verify_password(found.password_hash if found else None, password)
    if found is None or not matches:
        raise Unauthenticated("wrong e-mail address or password", reason="INVALID_CREDENTIALS")
    await throttle.password_matched()
    user = found.user
    if user.suspended_at is not None:
        raise Unauthenticated("this account is suspended", reason="USER_SUSPENDED")
    await users.logged_in(user.id)
    active = await _settle_active(user)
    return SignedIn(user, await _start_session(deps, user.id, active), active)


async def _start_session(
    deps: Deps, user_id: uuid.UUID, active: OrganizationAccess | None
) -> Tokens:
    expires_at = datetime.now(UTC) + timedelta(seconds=deps.config.refresh_token_seconds)
    session_id = await sessions.start(user_id, expires_at)
    refresh_token = random_token(REFRESH_TOKEN_PREFIX)
    await sessions.add_refresh_token(session_id, digest(refresh_token))
    return await _tokens(deps, user_id, session_id, active, refresh_token)


async def _tokens(
    deps: Deps,
    user_id: uuid.UUID,
    session_id: uuid.UUID,
    active: OrganizationAccess | None,
    refresh_token: str = "",
) -> Tokens:
    if active is None:
        return await access_token(deps, user_id, session_id, refresh_token=refresh_token)
    return await access_token(
        deps,
        user_id,
        session_id,
        active.organization.id,
        active.role,
        refresh_token=refresh_token,
    )


# --- refresh and logout -----------------------------------------------------------------


async def refresh(deps: Deps, refresh_token: str) -> Tokens:
    """Exchange a refresh token, once, for new tokens in the same session.

    A second exchange of one token means it leaked (or a client raced itself): the whole
    session ends, and with it every token issued in it.
    """
    token_hash = digest(refresh_token)
    state = await sessions.lock_refresh_token(token_hash)
    if state is None:
        raise Unauthenticated("unknown refresh token", reason="INVALID_REFRESH_TOKEN")
    if state.session_ended_at is not None or state.session_expires_at <= datetime.now(UTC):
        raise Unauthenticated("this session has ended; sign in again", reason="SESSION_ENDED")
    if state.used_at is not None:
        await _end_session(state.session_id, state.user_id, "refresh_token_reused")
        await db.session().commit()  # the session stays ended although this call fails
        raise Unauthenticated(
            "this refresh token was already used; the session has ended",
            reason="REFRESH_TOKEN_REUSED",
        )
    user = await users.get(state.user_id)
    if user is None or user.suspended_at is not None:
        raise Unauthenticated("this account is suspended", reason="USER_SUSPENDED")
    await sessions.mark_used(token_hash)
    new_refresh_token = random_token(REFRESH_TOKEN_PREFIX)
    await sessions.add_refresh_token(state.session_id, digest(new_refresh_token))
    active = await _settle_active(user)
    return await _tokens(deps, user.id, state.session_id, active, new_refresh_token)


async def logout(refresh_token: str) -> None:
    """End the session of `refresh_token`; an unknown or spent one is no error (idempotent,
    and it tells nothing about the token)."""
    ended = await sessions.end_by_refresh_token(digest(refresh_token), "logout")
    if ended is not None:
        session_id, user_id = ended
        await _emit_session_ended(session_id, user_id, "logout")


async def purge_sessions(deps: Deps) -> int:
    """Delete sessions (and their refresh tokens) over for longer than the retention."""
    cutoff = datetime.now(UTC) - timedelta(seconds=deps.config.session_retention_seconds)
    purged = 0
    while True:
        async with deps.database.unit_of_work():
            batch = await sessions.purge(cutoff)
        purged += batch
        if batch == 0:
            return purged


async def purge_sessions_forever(deps: Deps, every_seconds: float = 3600.0) -> None:
    """The purge, hourly, for the server's lifetime (several replicas may: it is idempotent)."""
    while True:
        try:
            with suppress_instrumentation():  # housekeeping, not a request: no trace
                purged = await purge_sessions(deps)
            if purged:
                log.info("purged %d ended sessions", purged)
        except Exception:
            log.warning("session purge failed; retrying in an hour", exc_info=True)
        await asyncio.sleep(every_seconds)


async def _end_session(session_id: uuid.UUID, user_id: uuid.UUID, reason: str) -> None:
    if await sessions.end(session_id, reason):
        await _emit_session_ended(session_id, user_id, reason)


async def _emit_session_ended(session_id: uuid.UUID, user_id: uuid.UUID, reason: str) -> None:
    # Also drops the cached "session live" facts, so the session's access tokens are
    # refused at once everywhere.
    payload = events_pb2.SessionEnded(
        user_id=str(user_id), session_id=str(session_id), reason=reason
    )
    await emit("session.ended", payload)


# --- the active organization ------------------------------------------------------------


async def context(deps: Deps, caller: Caller) -> Context:
    """The caller, their active organization and every organization they may act in."""
    user_id = await deps.access.require_user(deps.facts, caller)
    user = await users.get(user_id)
    if user is None:
        raise Unauthenticated("no such user", reason="UNAUTHENTICATED")
    organizations = await memberships.accessible_organizations(user_id)
    return Context(user, _pick_active(user, organizations), organizations)


async def switch(
    deps: Deps, caller: Caller, org_id: uuid.UUID
) -> tuple[OrganizationAccess, Tokens]:
    """Make `org_id` the caller's active organization; a new access token for it, in the
    same session."""
    user_id = await deps.access.require_user(deps.facts, caller)
    if caller.session_id is None:  # every token of a user carries its session
        raise Unauthenticated("sign in again", reason="SESSION_REQUIRED")
    # Read fresh (not from the authorization cache): the switch grants a new token.
    organizations = await memberships.accessible_organizations(user_id)
    active = next((a for a in organizations if a.organization.id == org_id), None)
    if active is None:
        raise authz.not_found(str(org_id))
    await users.set_active_org(user_id, org_id)
    return active, await _tokens(deps, user_id, caller.session_id, active)


def _pick_active(user: User, organizations: list[OrganizationAccess]) -> OrganizationAccess | None:
    """The chosen organization while the user may still act in it, else the oldest one."""
    for access in organizations:
        if access.organization.id == user.active_org_id:
            return access
    return organizations[0] if organizations else None


async def _settle_active(user: User) -> OrganizationAccess | None:
    """The organization new tokens are for; remembered when it had to change."""
    active = _pick_active(user, await memberships.accessible_organizations(user.id))
    active_id = active.organization.id if active is not None else None
    if active_id != user.active_org_id:
        await users.set_active_org(user.id, active_id)
    return active


# --- the sign-up throttle ---------------------------------------------------------------


async def _throttle_signup(deps: Deps, client_address: str) -> None:
    """Take a sign-up from the client address's hourly allowance and from everyone's per
    minute (GCRA, `keel_runtime.rate_limits`); when either is spent, 429 with Retry-After."""
    config = deps.config
    bucket = address_bucket(client_address) or "unknown"
    limits = [
        Limit(f"address:{bucket}", config.signups_per_address_per_hour, 3600),
        Limit("all", config.signups_per_minute, 60),
    ]
    decision = await deps.signups.hit(limits)
    if decision.allowed:
        return
    # The limit that refused has nothing left.
    scope, limit = ("address", limits[0]) if decision.remaining[0] == 0 else ("all", limits[1])
    whose = "per client address" if scope == "address" else "of everyone together"
    retry_after = decision.retry_after_seconds
    raise QuotaExceeded(
        f"too many sign-ups; try again in {math.ceil(retry_after)} seconds",
        reason="SIGNUP_THROTTLED",
        metadata={"scope": scope},
        quota_violations=[
            QuotaViolation(
                subject=f"signups:{scope}",
                description=f"at most {limit.limit} sign-ups {whose} "
                f"in {limit.period_seconds} seconds",
            )
        ],
        retry_after_seconds=retry_after,
    )


# --- the login throttle -----------------------------------------------------------------


class LoginThrottle:
    """Failed logins in Redis: an account's from one client address, and an address's.

    An account's failures from an address slow that address down there: after
    `login_failures_per_account` of them each next try waits `login_delay_seconds`,
    doubling with every further failure up to `login_max_delay_seconds`. Only that address
    waits, so whoever guesses cannot lock the owner, signing in from elsewhere, out. An
    address's failures over every account are capped per window (one client spraying
    guesses). Behind a proxy the address is the client's only when the gateway trusts the
    proxy's X-Forwarded-For (`KEEL_GATEWAY_TRUSTED_HOPS`).

    Every attempt counts as a failure up front, in one script with the check, so parallel
    guesses cannot slip past between a check and a count; an attempt with the right
    password takes its count back. Counts are forgotten `login_window_seconds` after the
    last failure, and live outside the database: a failure counts although its request
    rolls back.
    """

    def __init__(
        self, client: redis.Redis, config: IdentityConfig, email_normalized: str, address: str
    ) -> None:
        self.redis = client
        self.config = config
        # Hashed: no e-mail addresses in Redis.
        account = hashlib.sha256(email_normalized.encode()).hexdigest()[:32]
        bucket = address_bucket(address) or "unknown"
        self.account_key = f"{_THROTTLE_PREFIX}account:{account}:{bucket}"
        self.address_key = f"{_THROTTLE_PREFIX}address:{bucket}"

    async def attempt(self) -> None:
        """Count this attempt; refuse it while its address must wait or is capped."""
        config = self.config
        script = self.redis.register_script(_ATTEMPT)
        arguments = [
            config.login_window_seconds * 1000,
            config.login_delay_seconds * 1000,
            config.login_max_delay_seconds * 1000,
            config.login_failures_per_account,
            config.login_failures_per_address,
        ]
        keys = [self.account_key, self.address_key]
        scope, wait_ms = await _reach(script(keys=keys, args=arguments))
        if scope:  # b"account" or b"address"
            wait = wait_ms / 1000 if wait_ms > 0 else config.login_window_seconds
            raise self._throttled(scope.decode(), wait)

    async def password_matched(self) -> None:
        """Take the attempt's count back; the account starts over at this address."""
        pipe = self.redis.pipeline(transaction=True)
        pipe.delete(self.account_key)
        pipe.eval(_UNCOUNT, 1, self.address_key)
        await _reach(_run(pipe))

    def _throttled(self, scope: str, retry_after: float) -> QuotaExceeded:
        config = self.config
        if scope == "account":
            rule = (
                f"after {config.login_failures_per_account} failed logins of an account "
                "from one address, each next try there waits longer"
            )
        else:
            rule = (
                f"at most {config.login_failures_per_address} failed logins per address "
                f"in {config.login_window_seconds} seconds"
            )
        return QuotaExceeded(
            f"too many failed logins; try again in {math.ceil(retry_after)} seconds",
            reason="LOGIN_THROTTLED",
            metadata={"scope": scope},
            quota_violations=[QuotaViolation(subject=f"login-failures:{scope}", description=rule)],
            retry_after_seconds=retry_after,
        )


_THROTTLE_PREFIX = "keel:identity:login-failures:"

# KEYS[1]: the account's failures from the client's address (a hash: failures, next_at).
# KEYS[2]: the address's failures over every account (a counter).
# ARGV: the window, the first delay, the longest delay (ms); the failures before the
# delay starts; the address's limit. Returns {scope refused or "", ms to wait}.
_ATTEMPT = """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local window, first, longest = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local free, address_limit = tonumber(ARGV[4]), tonumber(ARGV[5])
if tonumber(redis.call('GET', KEYS[2]) or '0') >= address_limit then
  return {'address', redis.call('PTTL', KEYS[2])}
end
local wait = tonumber(redis.call('HGET', KEYS[1], 'next_at') or '0') - now
if wait > 0 then
  return {'account', wait}
end
local failures = redis.call('HINCRBY', KEYS[1], 'failures', 1)
local delay = 0
if failures >= free then
  delay = math.min(longest, first * 2 ^ (failures - free))
end
redis.call('HSET', KEYS[1], 'next_at', string.format('%d', now + delay))
redis.call('PEXPIRE', KEYS[1], string.format('%d', window + delay))
if redis.call('INCR', KEYS[2]) == 1 then
  redis.call('PEXPIRE', KEYS[2], window)
end
return {'', 0}
"""


def address_bucket(address: str) -> str:
    """What one client address counts as: itself for IPv4, its /64 for IPv6 (one host
    usually holds a whole /64, so single addresses would be free to rotate)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


# DECR, unless the window ended meanwhile (a plain DECR would leave -1 with no expiry).
_UNCOUNT = "if redis.call('exists', KEYS[1]) == 1 then return redis.call('decr', KEYS[1]) end"


async def _run(pipe: Any) -> list[Any]:
    async with pipe:
        replies: list[Any] = await pipe.execute()
    return replies


async def _reach(call: Awaitable[T]) -> T:
    """Await a Redis call; while Redis is away logins fail closed (nothing can count)."""
    try:
        return await call
    except (redis.ConnectionError, redis.TimeoutError) as exc:
        raise Unavailable("sign-in is unavailable right now", reason="LOGIN_UNAVAILABLE") from exc
