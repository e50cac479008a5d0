from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="SharedAgentServiceStartSharedRunBody")


@_attrs_define
class SharedAgentServiceStartSharedRunBody:
    """
    Attributes:
        input_ (str): The visitor's message.
    """

    input_: str

    def to_dict(self) -> dict[str, Any]:
        input_ = self.input_

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "input": input_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        input_ = d.pop("input")

        shared_agent_service_start_shared_run_body = cls(
            input_=input_,
        )

        return shared_agent_service_start_shared_run_body
