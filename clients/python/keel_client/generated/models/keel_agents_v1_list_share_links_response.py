from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_agents_v1_share_link import KeelAgentsV1ShareLink


T = TypeVar("T", bound="KeelAgentsV1ListShareLinksResponse")


@_attrs_define
class KeelAgentsV1ListShareLinksResponse:
    """
    Attributes:
        next_page_token (str | Unset):
        share_links (list[KeelAgentsV1ShareLink] | Unset):
    """

    next_page_token: str | Unset = UNSET
    share_links: list[KeelAgentsV1ShareLink] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        next_page_token = self.next_page_token

        share_links: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.share_links, Unset):
            share_links = []
            for share_links_item_data in self.share_links:
                share_links_item = share_links_item_data.to_dict()
                share_links.append(share_links_item)

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if next_page_token is not UNSET:
            field_dict["next_page_token"] = next_page_token
        if share_links is not UNSET:
            field_dict["share_links"] = share_links

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_agents_v1_share_link import KeelAgentsV1ShareLink  # noqa: PLC0415

        d = dict(src_dict)
        next_page_token = d.pop("next_page_token", UNSET)

        _share_links = d.pop("share_links", UNSET)
        share_links: list[KeelAgentsV1ShareLink] | Unset = UNSET
        if _share_links is not UNSET:
            share_links = []
            for share_links_item_data in _share_links:
                share_links_item = KeelAgentsV1ShareLink.from_dict(share_links_item_data)

                share_links.append(share_links_item)

        keel_agents_v1_list_share_links_response = cls(
            next_page_token=next_page_token,
            share_links=share_links,
        )

        return keel_agents_v1_list_share_links_response
