from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_agents_v1_run import KeelAgentsV1Run


T = TypeVar("T", bound="KeelAgentsV1ListRunsResponse")


@_attrs_define
class KeelAgentsV1ListRunsResponse:
    """
    Attributes:
        next_page_token (str | Unset):
        runs (list[KeelAgentsV1Run] | Unset):
    """

    next_page_token: str | Unset = UNSET
    runs: list[KeelAgentsV1Run] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        next_page_token = self.next_page_token

        runs: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.runs, Unset):
            runs = []
            for runs_item_data in self.runs:
                runs_item = runs_item_data.to_dict()
                runs.append(runs_item)

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if next_page_token is not UNSET:
            field_dict["next_page_token"] = next_page_token
        if runs is not UNSET:
            field_dict["runs"] = runs

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_agents_v1_run import KeelAgentsV1Run  # noqa: PLC0415

        d = dict(src_dict)
        next_page_token = d.pop("next_page_token", UNSET)

        _runs = d.pop("runs", UNSET)
        runs: list[KeelAgentsV1Run] | Unset = UNSET
        if _runs is not UNSET:
            runs = []
            for runs_item_data in _runs:
                runs_item = KeelAgentsV1Run.from_dict(runs_item_data)

                runs.append(runs_item)

        keel_agents_v1_list_runs_response = cls(
            next_page_token=next_page_token,
            runs=runs,
        )

        return keel_agents_v1_list_runs_response
