from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..models.run_service_start_run_body_busy_thread import (
    RunServiceStartRunBodyBusyThread,
    check_run_service_start_run_body_busy_thread,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.run_service_start_run_body_metadata import RunServiceStartRunBodyMetadata


T = TypeVar("T", bound="RunServiceStartRunBody")


@_attrs_define
class RunServiceStartRunBody:
    """
    Attributes:
        input_ (str): The user's message.
        budget_credits (Literal[''] | str | Unset): At most this many credits: the run stops with `budget_exceeded`
            beyond it. Empty: the
            plan's estimate for the agent's model is held, and the run may extend the hold.
        busy_thread (RunServiceStartRunBodyBusyThread | Unset):
        idempotency_key (Literal[''] | str | Unset): The same caller and key get the same run, started once.
        metadata (RunServiceStartRunBodyMetadata | Unset): Free-form, at most 4 KiB as JSON.
        org_id (Literal[''] | Unset | UUID): The organization that runs and pays; empty: the caller's active one.
        thread_id (Literal[''] | Unset | UUID): Continue this thread; empty: a new thread.
        timeout_seconds (int | Unset): 0: 600 seconds.
    """

    input_: str
    budget_credits: Literal[""] | str | Unset = UNSET
    busy_thread: RunServiceStartRunBodyBusyThread | Unset = UNSET
    idempotency_key: Literal[""] | str | Unset = UNSET
    metadata: RunServiceStartRunBodyMetadata | Unset = UNSET
    org_id: Literal[""] | Unset | UUID = UNSET
    thread_id: Literal[""] | Unset | UUID = UNSET
    timeout_seconds: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        input_ = self.input_

        budget_credits: Literal[""] | str | Unset
        if isinstance(self.budget_credits, Unset):
            budget_credits = UNSET
        else:
            budget_credits = self.budget_credits

        busy_thread: str | Unset = UNSET
        if not isinstance(self.busy_thread, Unset):
            busy_thread = self.busy_thread

        idempotency_key: Literal[""] | str | Unset
        if isinstance(self.idempotency_key, Unset):
            idempotency_key = UNSET
        else:
            idempotency_key = self.idempotency_key

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        org_id: Literal[""] | str | Unset
        if isinstance(self.org_id, Unset):
            org_id = UNSET
        elif isinstance(self.org_id, UUID):
            org_id = str(self.org_id)
        else:
            org_id = self.org_id

        thread_id: Literal[""] | str | Unset
        if isinstance(self.thread_id, Unset):
            thread_id = UNSET
        elif isinstance(self.thread_id, UUID):
            thread_id = str(self.thread_id)
        else:
            thread_id = self.thread_id

        timeout_seconds = self.timeout_seconds

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "input": input_,
            }
        )
        if budget_credits is not UNSET:
            field_dict["budget_credits"] = budget_credits
        if busy_thread is not UNSET:
            field_dict["busy_thread"] = busy_thread
        if idempotency_key is not UNSET:
            field_dict["idempotency_key"] = idempotency_key
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if org_id is not UNSET:
            field_dict["org_id"] = org_id
        if thread_id is not UNSET:
            field_dict["thread_id"] = thread_id
        if timeout_seconds is not UNSET:
            field_dict["timeout_seconds"] = timeout_seconds

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.run_service_start_run_body_metadata import RunServiceStartRunBodyMetadata  # noqa: PLC0415

        d = dict(src_dict)
        input_ = d.pop("input")

        def _parse_budget_credits(data: object) -> Literal[""] | str | Unset:
            if isinstance(data, Unset):
                return data
            budget_credits_type_0 = cast(Literal[""], data)
            if budget_credits_type_0 != "":
                raise ValueError(
                    f"budget_credits_type_0 must match const '', got '{budget_credits_type_0}'"
                )
            return budget_credits_type_0
            return cast(Literal[""] | str | Unset, data)

        budget_credits = _parse_budget_credits(d.pop("budget_credits", UNSET))

        _busy_thread = d.pop("busy_thread", UNSET)
        busy_thread: RunServiceStartRunBodyBusyThread | Unset
        if isinstance(_busy_thread, Unset):
            busy_thread = UNSET
        else:
            busy_thread = check_run_service_start_run_body_busy_thread(_busy_thread)

        def _parse_idempotency_key(data: object) -> Literal[""] | str | Unset:
            if isinstance(data, Unset):
                return data
            idempotency_key_type_0 = cast(Literal[""], data)
            if idempotency_key_type_0 != "":
                raise ValueError(
                    f"idempotency_key_type_0 must match const '', got '{idempotency_key_type_0}'"
                )
            return idempotency_key_type_0
            return cast(Literal[""] | str | Unset, data)

        idempotency_key = _parse_idempotency_key(d.pop("idempotency_key", UNSET))

        _metadata = d.pop("metadata", UNSET)
        metadata: RunServiceStartRunBodyMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = RunServiceStartRunBodyMetadata.from_dict(_metadata)

        def _parse_org_id(data: object) -> Literal[""] | Unset | UUID:
            if isinstance(data, Unset):
                return data
            org_id_type_0 = cast(Literal[""], data)
            if org_id_type_0 != "":
                raise ValueError(f"org_id_type_0 must match const '', got '{org_id_type_0}'")
            return org_id_type_0
            if not isinstance(data, str):
                raise TypeError()
            org_id_type_1 = UUID(data)

            return org_id_type_1

        org_id = _parse_org_id(d.pop("org_id", UNSET))

        def _parse_thread_id(data: object) -> Literal[""] | Unset | UUID:
            if isinstance(data, Unset):
                return data
            thread_id_type_0 = cast(Literal[""], data)
            if thread_id_type_0 != "":
                raise ValueError(f"thread_id_type_0 must match const '', got '{thread_id_type_0}'")
            return thread_id_type_0
            if not isinstance(data, str):
                raise TypeError()
            thread_id_type_1 = UUID(data)

            return thread_id_type_1

        thread_id = _parse_thread_id(d.pop("thread_id", UNSET))

        timeout_seconds = d.pop("timeout_seconds", UNSET)

        run_service_start_run_body = cls(
            input_=input_,
            budget_credits=budget_credits,
            busy_thread=busy_thread,
            idempotency_key=idempotency_key,
            metadata=metadata,
            org_id=org_id,
            thread_id=thread_id,
            timeout_seconds=timeout_seconds,
        )

        return run_service_start_run_body
