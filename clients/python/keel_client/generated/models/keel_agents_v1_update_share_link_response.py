from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_agents_v1_share_link import KeelAgentsV1ShareLink


T = TypeVar("T", bound="KeelAgentsV1UpdateShareLinkResponse")


@_attrs_define
class KeelAgentsV1UpdateShareLinkResponse:
    """
    Attributes:
        share_link (KeelAgentsV1ShareLink | Unset):
    """

    share_link: KeelAgentsV1ShareLink | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        share_link: dict[str, Any] | Unset = UNSET
        if not isinstance(self.share_link, Unset):
            share_link = self.share_link.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if share_link is not UNSET:
            field_dict["share_link"] = share_link

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_agents_v1_share_link import KeelAgentsV1ShareLink  # noqa: PLC0415

        d = dict(src_dict)
        _share_link = d.pop("share_link", UNSET)
        share_link: KeelAgentsV1ShareLink | Unset
        if isinstance(_share_link, Unset):
            share_link = UNSET
        else:
            share_link = KeelAgentsV1ShareLink.from_dict(_share_link)

        keel_agents_v1_update_share_link_response = cls(
            share_link=share_link,
        )

        return keel_agents_v1_update_share_link_response
