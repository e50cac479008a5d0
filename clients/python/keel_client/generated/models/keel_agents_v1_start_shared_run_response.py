from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_agents_v1_shared_run import KeelAgentsV1SharedRun


T = TypeVar("T", bound="KeelAgentsV1StartSharedRunResponse")


@_attrs_define
class KeelAgentsV1StartSharedRunResponse:
    """
    Attributes:
        run (KeelAgentsV1SharedRun | Unset): What a visitor sees of their run.
        run_token (str | Unset): Shown once: the key to this run (GetSharedRun, StreamSharedRunEvents), and to no other.
    """

    run: KeelAgentsV1SharedRun | Unset = UNSET
    run_token: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        run: dict[str, Any] | Unset = UNSET
        if not isinstance(self.run, Unset):
            run = self.run.to_dict()

        run_token = self.run_token

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if run is not UNSET:
            field_dict["run"] = run
        if run_token is not UNSET:
            field_dict["run_token"] = run_token

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_agents_v1_shared_run import KeelAgentsV1SharedRun  # noqa: PLC0415

        d = dict(src_dict)
        _run = d.pop("run", UNSET)
        run: KeelAgentsV1SharedRun | Unset
        if isinstance(_run, Unset):
            run = UNSET
        else:
            run = KeelAgentsV1SharedRun.from_dict(_run)

        run_token = d.pop("run_token", UNSET)

        keel_agents_v1_start_shared_run_response = cls(
            run=run,
            run_token=run_token,
        )

        return keel_agents_v1_start_shared_run_response
