"""billing's CreditService: protobuf in, ledger call, protobuf out.

A hold belongs to the principal that made it (`holder()`): only it settles, releases or
reads it, and its idempotency keys are its own; a platform admin may release any hold.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta

import grpc

from keel.billing.v1 import credits_pb2, credits_pb2_grpc
from keel_runtime import authz, db, paging
from keel_runtime import context as request_context
from keel_runtime.convert import EnumNames, from_struct, optional_time, struct, timestamp
from keel_runtime.errors import FieldViolation, InvalidArgument, KeelError
from services.billing.data import pools as pool_rows
from services.billing.data.ledger import LedgerStore
from services.billing.deps import Deps
from services.billing.domain import accounts, ledger, pools
from services.billing.domain.ledger import (
    BalanceView,
    ChildSpendingView,
    Outcome,
    Owner,
    ReservationView,
    TransactionView,
)
from services.billing.domain.money import credits, text

MAX_METADATA_BYTES = 4096


# --- domain → protobuf --------------------------------------------------------------------


BUCKET_KINDS = EnumNames(credits_pb2.BucketKind, "BUCKET_KIND_")
TRANSACTION_TYPES = EnumNames(credits_pb2.TransactionType, "TRANSACTION_TYPE_")
RESERVATION_STATUSES = EnumNames(credits_pb2.ReservationStatus, "RESERVATION_STATUS_")


def child_spending(
    view: ChildSpendingView | pools.ChildMonth,
    set_by: str | None = None,
    updated_at: datetime | None = None,
) -> credits_pb2.ChildSpending:
    cap = view.monthly_cap
    if isinstance(view, pools.ChildMonth):
        set_by, updated_at = view.set_by, view.updated_at
    return credits_pb2.ChildSpending(
        child_org_id=str(view.org_id),
        parent_org_id=str(view.parent_org_id or ""),
        monthly_cap=text(cap) if cap is not None else "",
        spent=text(view.spent),
        remaining=text(cap - view.spent) if cap is not None else "",
        month_start=timestamp(view.since),
        cap_set_by=set_by or "" if cap is not None else "",
        cap_updated_at=timestamp(updated_at) if cap is not None else None,
    )


def balance(view: BalanceView) -> credits_pb2.Balance:
    return credits_pb2.Balance(
        org_id=str(view.child.org_id if view.child is not None else view.org_id),
        pool_org_id=str(view.org_id),
        sub_organization=child_spending(view.child) if view.child is not None else None,
        balance=text(view.balance),
        reserved=text(view.reserved),
        available=text(view.available),
        spendable=text(view.spendable),
        overdraft_limit=text(view.overdraft_limit),
        monthly_allocation=text(view.monthly_allocation),
        period_end=timestamp(view.period_end),
        buckets=[
            credits_pb2.Bucket(
                kind=BUCKET_KINDS.value(b.kind),
                remaining=text(b.remaining),
                expires_at=timestamp(b.expires_at),
            )
            for b in view.buckets
        ],
    )


def transaction(view: TransactionView) -> credits_pb2.Transaction:
    return credits_pb2.Transaction(
        id=str(view.id),
        org_id=str(view.org_id),
        pool_org_id=str(view.pool_org_id),
        type=TRANSACTION_TYPES.value(view.type),
        amount=text(view.amount),
        balance_after=text(view.balance_after),
        reserved_change=text(view.reserved_change),
        reserved_after=text(view.reserved_after),
        bucket=BUCKET_KINDS.value(view.bucket_kind),
        reservation_id=str(view.reservation_id or ""),
        reference=view.reference,
        idempotency_key=view.idempotency_key or "",
        metadata=struct(view.metadata),
        created_at=timestamp(view.created_at),
    )


def reservation(view: ReservationView) -> credits_pb2.Reservation:
    return credits_pb2.Reservation(
        id=str(view.id),
        org_id=str(view.org_id),
        pool_org_id=str(view.pool_org_id),
        status=RESERVATION_STATUSES.value(view.status),
        amount=text(view.amount),
        settled_amount=text(view.settled_amount) if view.settled_amount is not None else "",
        uncovered_amount=text(view.uncovered_amount) if view.uncovered_amount is not None else "",
        expires_at=timestamp(view.expires_at),
        created_at=timestamp(view.created_at),
        finished_at=timestamp(view.finished_at),
        metadata=struct(view.metadata),
    )


# --- protobuf → domain --------------------------------------------------------------------


def _metadata(request: credits_pb2.ReserveRequest) -> dict[str, object]:
    value = from_struct(request.metadata) if request.HasField("metadata") else {}
    if len(json.dumps(value)) > MAX_METADATA_BYTES:
        raise InvalidArgument(
            "metadata is too large",
            reason="METADATA_TOO_LARGE",
            field_violations=[FieldViolation("metadata", f"at most {MAX_METADATA_BYTES} bytes")],
        )
    return value


def positive(value: str, field: str) -> None:
    if credits(value) <= 0:
        raise InvalidArgument(
            f"{field} must be more than zero",
            reason="INVALID_AMOUNT",
            field_violations=[FieldViolation(field, "must be more than zero")],
        )


def holder() -> Owner:
    """Who the caller holds as: its API key (even a key acting for its creator: what a script
    holds stays the script's), else its user, else the Keel service calling as itself."""
    caller = request_context.current()
    if caller.api_key_id:
        return Owner.api_key(caller.api_key_id)
    if caller.user_id:
        return Owner.user(caller.user_id)
    if caller.service_principal:
        return Owner.service(caller.service_principal)
    raise authz.unauthenticated()


async def _is_platform_admin(org_id: str, owner: Owner) -> bool:
    if owner.kind == "service":  # a service calling as itself is nobody's administrator
        return False
    (allowed,) = await authz.allowed([(org_id, authz.PLATFORM_ADMIN)])
    return allowed


class CreditApi(credits_pb2_grpc.CreditServiceServicer):
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    async def _provisioned(self, org_id: uuid.UUID) -> None:
        """Create the organization's account in its own transaction (the ledger's batches
        run in theirs), for an organization whose `organization.created` is still on its way."""
        async with self.deps.database.sessions() as session, session.begin():
            await accounts.ensure_pool(session, self.deps.config, org_id)

    async def _submit(self, org_id: uuid.UUID, op: ledger.Op) -> Outcome:
        if isinstance(op, ledger.Reserve):  # a sub-organization's goes to its pool
            await pools.parentage_known(
                self.deps.database, org_id, self.deps.config.parentage_wait_seconds
            )
        try:
            return await self.deps.ledger.submit(org_id, op)
        except KeelError as error:
            if error.reason != "ACCOUNT_NOT_FOUND":
                raise
        await self._provisioned(org_id)
        return await self.deps.ledger.submit(org_id, op)

    async def GetBalance(
        self, request: credits_pb2.GetBalanceRequest, context: grpc.aio.ServicerContext
    ) -> credits_pb2.GetBalanceResponse:
        await authz.require(request.org_id, "billing.view")
        org_id = uuid.UUID(request.org_id)
        await accounts.ensure_pool(db.session(), self.deps.config, org_id)
        return credits_pb2.GetBalanceResponse(
            balance=balance(await ledger.balance(db.session(), org_id))
        )

    async def ListTransactions(
        self, request: credits_pb2.ListTransactionsRequest, context: grpc.aio.ServicerContext
    ) -> credits_pb2.ListTransactionsResponse:
        await authz.require(request.org_id, "billing.view")
        org_id = uuid.UUID(request.org_id)
        page = paging.PageRequest.parse(request.page_size, request.page_token)
        cursor = page.cursor(paging.int64)
        await accounts.ensure_account(db.session(), self.deps.config, org_id)
        pool = await pool_rows.pool(org_id, db.session())
        rows = await LedgerStore(db.session()).list_transactions(
            org_id,
            spent_by=pool.child,
            types=[TRANSACTION_TYPES.name(t) for t in request.types],
            since=optional_time(request, "since"),
            until=optional_time(request, "until"),
            before_seq=cursor[0] if cursor else None,
            limit=page.size + 1,
        )
        result = page.result(rows, lambda row: [row.seq])
        return credits_pb2.ListTransactionsResponse(
            transactions=[
                transaction(ledger.transaction_view(dict(r._mapping))) for r in result.items
            ],
            next_page_token=result.next_page_token,
        )

    async def Reserve(
        self, request: credits_pb2.ReserveRequest, context: grpc.aio.ServicerContext
    ) -> credits_pb2.ReserveResponse:
        await authz.require(request.org_id, "agents.run")
        positive(request.amount, "amount")
        ttl = (
            request.ttl.ToTimedelta()
            if request.HasField("ttl")
            else timedelta(seconds=self.deps.config.reservation_ttl_seconds)
        )
        op = ledger.Reserve(
            request.idempotency_key,
            credits(request.amount),
            ttl,
            _metadata(request),
            owner=holder(),
        )
        outcome = await self._submit(uuid.UUID(request.org_id), op)
        assert outcome.reservation is not None
        return credits_pb2.ReserveResponse(
            reservation=reservation(outcome.reservation), balance=balance(outcome.balance)
        )

    async def GetReservation(
        self, request: credits_pb2.GetReservationRequest, context: grpc.aio.ServicerContext
    ) -> credits_pb2.GetReservationResponse:
        await authz.require(request.org_id, "agents.run")
        view = await ledger.reservation(
            db.session(), uuid.UUID(request.org_id), uuid.UUID(request.reservation_id), holder()
        )
        return credits_pb2.GetReservationResponse(reservation=reservation(view))

    async def Settle(
        self, request: credits_pb2.SettleRequest, context: grpc.aio.ServicerContext
    ) -> credits_pb2.SettleResponse:
        await authz.require(request.org_id, "agents.run")
        op = ledger.Settle(
            request.idempotency_key,
            uuid.UUID(request.reservation_id),
            credits(request.actual_amount),
            owner=holder(),
        )
        outcome = await self._submit(uuid.UUID(request.org_id), op)
        assert outcome.reservation is not None
        return credits_pb2.SettleResponse(
            reservation=reservation(outcome.reservation), balance=balance(outcome.balance)
        )

    async def Release(
        self, request: credits_pb2.ReleaseRequest, context: grpc.aio.ServicerContext
    ) -> credits_pb2.ReleaseResponse:
        owner = holder()
        # A platform admin may end anyone's hold (one stuck, a service's): release only, it
        # charges nothing. Asked first, so an admin who is also a member is one too.
        admin = await _is_platform_admin(request.org_id, owner)
        if not admin:
            await authz.require(request.org_id, "agents.run")
        op = ledger.Release(
            request.idempotency_key,
            uuid.UUID(request.reservation_id),
            owner=owner,
            any_owner=admin,
        )
        outcome = await self._submit(uuid.UUID(request.org_id), op)
        assert outcome.reservation is not None
        return credits_pb2.ReleaseResponse(
            reservation=reservation(outcome.reservation), balance=balance(outcome.balance)
        )

    async def GrantCredits(
        self, request: credits_pb2.GrantCreditsRequest, context: grpc.aio.ServicerContext
    ) -> credits_pb2.GrantCreditsResponse:
        await authz.require_platform_admin(request.org_id)
        positive(request.amount, "amount")
        org_id = uuid.UUID(request.org_id)
        purchased = request.bucket == credits_pb2.BUCKET_KIND_PURCHASED
        expires_at = optional_time(request, "expires_at")
        expires_after = None
        if expires_at is None and not purchased:
            expires_after = timedelta(days=self.deps.config.promo_expiry_days)
        session = db.session()
        await accounts.ensure_pool(session, self.deps.config, org_id)
        tx = await ledger.grant(
            session,
            org_id,
            credits(request.amount),
            kind="purchased" if purchased else "promotional",
            type="topup_purchase" if purchased else "promo_bonus",
            reference=request.reason,
            idempotency_key=request.idempotency_key,
            expires_at=expires_at,
            expires_after=expires_after,
            metadata={"reason": request.reason},
        )
        return credits_pb2.GrantCreditsResponse(
            transaction=transaction(tx), balance=balance(await ledger.balance(session, org_id))
        )

    async def AdjustCredits(
        self, request: credits_pb2.AdjustCreditsRequest, context: grpc.aio.ServicerContext
    ) -> credits_pb2.AdjustCreditsResponse:
        await authz.require_platform_admin(request.org_id)
        org_id = uuid.UUID(request.org_id)
        limit = credits(request.overdraft_limit) if request.HasField("overdraft_limit") else None
        session = db.session()
        await accounts.ensure_pool(session, self.deps.config, org_id)
        op = ledger.Adjust(request.idempotency_key, credits(request.amount), limit, request.reason)
        outcome = await ledger.apply_one(session, org_id, op)
        response = credits_pb2.AdjustCreditsResponse(
            balance=balance(await ledger.balance(session, org_id))
        )
        if outcome.transactions:
            response.transaction.CopyFrom(transaction(outcome.transactions[0]))
        return response

    async def SetChildSpendingCap(
        self, request: credits_pb2.SetChildSpendingCapRequest, context: grpc.aio.ServicerContext
    ) -> credits_pb2.SetChildSpendingCapResponse:
        month = await pools.set_cap(
            db.session(),
            uuid.UUID(request.org_id),
            uuid.UUID(request.child_org_id),
            credits(request.monthly_cap),
        )
        return credits_pb2.SetChildSpendingCapResponse(spending=child_spending(month))

    async def ClearChildSpendingCap(
        self, request: credits_pb2.ClearChildSpendingCapRequest, context: grpc.aio.ServicerContext
    ) -> credits_pb2.ClearChildSpendingCapResponse:
        month = await pools.set_cap(
            db.session(), uuid.UUID(request.org_id), uuid.UUID(request.child_org_id), None
        )
        return credits_pb2.ClearChildSpendingCapResponse(spending=child_spending(month))

    async def ListChildSpending(
        self, request: credits_pb2.ListChildSpendingRequest, context: grpc.aio.ServicerContext
    ) -> credits_pb2.ListChildSpendingResponse:
        page = paging.PageRequest.parse(request.page_size, request.page_token)
        found = await pools.children(db.session(), uuid.UUID(request.org_id), page)
        return credits_pb2.ListChildSpendingResponse(
            children=[child_spending(m) for m in found.items],
            next_page_token=found.next_page_token,
        )


def register(server: grpc.aio.Server, deps: Deps) -> None:
    credits_pb2_grpc.add_CreditServiceServicer_to_server(CreditApi(deps), server)
