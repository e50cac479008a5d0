from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="KeelCatalogV1CreateSubmissionRequest")


@_attrs_define
class KeelCatalogV1CreateSubmissionRequest:
    """
    Attributes:
        agent_id (UUID):
        category (str): A category slug (GET /v1/templates/categories).
        description (str):
        name (str): The template's name.
        use_cases (list[str]):
        tags (list[str] | Unset):
    """

    agent_id: UUID
    category: str
    description: str
    name: str
    use_cases: list[str]
    tags: list[str] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        agent_id = str(self.agent_id)

        category = self.category

        description = self.description

        name = self.name

        use_cases = self.use_cases

        tags: list[str] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = self.tags

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "agent_id": agent_id,
                "category": category,
                "description": description,
                "name": name,
                "use_cases": use_cases,
            }
        )
        if tags is not UNSET:
            field_dict["tags"] = tags

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        agent_id = UUID(d.pop("agent_id"))

        category = d.pop("category")

        description = d.pop("description")

        name = d.pop("name")

        use_cases = cast(list[str], d.pop("use_cases"))

        tags = cast(list[str], d.pop("tags", UNSET))

        keel_catalog_v1_create_submission_request = cls(
            agent_id=agent_id,
            category=category,
            description=description,
            name=name,
            use_cases=use_cases,
            tags=tags,
        )

        return keel_catalog_v1_create_submission_request
