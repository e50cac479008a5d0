from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_agents_v1_run import KeelAgentsV1Run


T = TypeVar("T", bound="KeelAgentsV1GetRunResponse")


@_attrs_define
class KeelAgentsV1GetRunResponse:
    """
    Attributes:
        run (KeelAgentsV1Run | Unset):
    """

    run: KeelAgentsV1Run | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        run: dict[str, Any] | Unset = UNSET
        if not isinstance(self.run, Unset):
            run = self.run.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if run is not UNSET:
            field_dict["run"] = run

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_agents_v1_run import KeelAgentsV1Run  # noqa: PLC0415

        d = dict(src_dict)
        _run = d.pop("run", UNSET)
        run: KeelAgentsV1Run | Unset
        if isinstance(_run, Unset):
            run = UNSET
        else:
            run = KeelAgentsV1Run.from_dict(_run)

        keel_agents_v1_get_run_response = cls(
            run=run,
        )

        return keel_agents_v1_get_run_response
