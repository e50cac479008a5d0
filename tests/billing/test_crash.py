"""A billing process killed between reserve and settle loses nothing: another replica's
sweeper ends the hold when it expires and the credits come back."""

from __future__ import annotations

import asyncio
from decimal import Decimal

from google.protobuf import duration_pb2

from keel.billing.v1 import credits_pb2, credits_pb2_grpc
from tests.billing.conftest import Org, forwarded
from tests.billing.test_credits import balance, key
from tests.support import channels
from tests.support.processes import ServiceProcess


async def test_a_hold_of_a_killed_process_expires_and_gives_its_credits_back(
    org: Org, billing_env, tmp_path
):
    before = await balance(org.member, org.id)  # the account exists (made on first call)
    replica = ServiceProcess("billing", billing_env, tmp_path / "replica.log").start()
    try:
        async with channels.channel(replica.address) as channel:
            reply = await credits_pb2_grpc.CreditServiceStub(channel).Reserve(
                credits_pb2.ReserveRequest(
                    org_id=org.id,
                    amount="4",
                    idempotency_key=key(),
                    ttl=duration_pb2.Duration(seconds=2),
                ),
                metadata=forwarded(org.member),
            )
    finally:
        assert replica.process is not None
        replica.process.kill()  # no graceful shutdown: as if the machine went away
        replica.process.wait()
    held = reply.reservation
    assert (await balance(org.member, org.id))["reserved"] == "4"
    for _ in range(100):
        if Decimal((await balance(org.member, org.id))["reserved"]) == 0:
            break
        await asyncio.sleep(0.1)
    after = await balance(org.member, org.id)
    assert (after["reserved"], after["available"]) == ("0", before["available"])
    found = await org.member.get(f"/v1/organizations/{org.id}/credits/reservations/{held.id}")
    assert found.json()["reservation"]["status"] == "RESERVATION_STATUS_EXPIRED"
