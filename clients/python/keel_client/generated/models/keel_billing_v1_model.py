from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.keel_billing_v1_quality_level import (
    KeelBillingV1QualityLevel,
    check_keel_billing_v1_quality_level,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.google_type_date import GoogleTypeDate


T = TypeVar("T", bound="KeelBillingV1Model")


@_attrs_define
class KeelBillingV1Model:
    """One LLM model of the catalog.

    Attributes:
        active (bool | Unset): False: switched off; no new run gets it.
        context_window_tokens (str | Unset): The most tokens one request may hold (prompt and answer), as the provider
            publishes.
        deprecation_date (GoogleTypeDate | Unset): Represents a whole or partial calendar date, such as a birthday. The
            time of
            day and time zone are either specified elsewhere or are insignificant. The
            date is relative to the Gregorian Calendar. This can represent one of the
            following:

            * A full date, with non-zero year, month, and day values.
            * A month and day, with a zero year (for example, an anniversary).
            * A year on its own, with a zero month and a zero day.
            * A year and month, with a zero day (for example, a credit card expiration
              date).

            Related types:

            * [google.type.TimeOfDay][google.type.TimeOfDay]
            * [google.type.DateTime][google.type.DateTime]
            * [google.protobuf.Timestamp][google.protobuf.Timestamp]
        display_name (str | Unset): For people, for example `GPT-4o mini`.
        id (str | Unset): For example `openai/gpt-4o-mini`.
        input_usd_per_million_tokens (str | Unset): USD per million tokens, decimal strings.
        output_usd_per_million_tokens (str | Unset):
        provider (str | Unset):
        replacement_model_id (str | Unset):
        tier (KeelBillingV1QualityLevel | Unset): - `QUALITY_LEVEL_FAST`: Credit multiplier 1.0.
            - `QUALITY_LEVEL_ENHANCED`: Credit multiplier 1.5.
            - `QUALITY_LEVEL_PREMIUM`: Credit multiplier 3.0.
    """

    active: bool | Unset = UNSET
    context_window_tokens: str | Unset = UNSET
    deprecation_date: GoogleTypeDate | Unset = UNSET
    display_name: str | Unset = UNSET
    id: str | Unset = UNSET
    input_usd_per_million_tokens: str | Unset = UNSET
    output_usd_per_million_tokens: str | Unset = UNSET
    provider: str | Unset = UNSET
    replacement_model_id: str | Unset = UNSET
    tier: KeelBillingV1QualityLevel | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        active = self.active

        context_window_tokens = self.context_window_tokens

        deprecation_date: dict[str, Any] | Unset = UNSET
        if not isinstance(self.deprecation_date, Unset):
            deprecation_date = self.deprecation_date.to_dict()

        display_name = self.display_name

        id = self.id

        input_usd_per_million_tokens = self.input_usd_per_million_tokens

        output_usd_per_million_tokens = self.output_usd_per_million_tokens

        provider = self.provider

        replacement_model_id = self.replacement_model_id

        tier: str | Unset = UNSET
        if not isinstance(self.tier, Unset):
            tier = self.tier

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if active is not UNSET:
            field_dict["active"] = active
        if context_window_tokens is not UNSET:
            field_dict["context_window_tokens"] = context_window_tokens
        if deprecation_date is not UNSET:
            field_dict["deprecation_date"] = deprecation_date
        if display_name is not UNSET:
            field_dict["display_name"] = display_name
        if id is not UNSET:
            field_dict["id"] = id
        if input_usd_per_million_tokens is not UNSET:
            field_dict["input_usd_per_million_tokens"] = input_usd_per_million_tokens
        if output_usd_per_million_tokens is not UNSET:
            field_dict["output_usd_per_million_tokens"] = output_usd_per_million_tokens
        if provider is not UNSET:
            field_dict["provider"] = provider
        if replacement_model_id is not UNSET:
            field_dict["replacement_model_id"] = replacement_model_id
        if tier is not UNSET:
            field_dict["tier"] = tier

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.google_type_date import GoogleTypeDate  # noqa: PLC0415

        d = dict(src_dict)
        active = d.pop("active", UNSET)

        context_window_tokens = d.pop("context_window_tokens", UNSET)

        _deprecation_date = d.pop("deprecation_date", UNSET)
        deprecation_date: GoogleTypeDate | Unset
        if isinstance(_deprecation_date, Unset):
            deprecation_date = UNSET
        else:
            deprecation_date = GoogleTypeDate.from_dict(_deprecation_date)

        display_name = d.pop("display_name", UNSET)

        id = d.pop("id", UNSET)

        input_usd_per_million_tokens = d.pop("input_usd_per_million_tokens", UNSET)

        output_usd_per_million_tokens = d.pop("output_usd_per_million_tokens", UNSET)

        provider = d.pop("provider", UNSET)

        replacement_model_id = d.pop("replacement_model_id", UNSET)

        _tier = d.pop("tier", UNSET)
        tier: KeelBillingV1QualityLevel | Unset
        if isinstance(_tier, Unset):
            tier = UNSET
        else:
            tier = check_keel_billing_v1_quality_level(_tier)

        keel_billing_v1_model = cls(
            active=active,
            context_window_tokens=context_window_tokens,
            deprecation_date=deprecation_date,
            display_name=display_name,
            id=id,
            input_usd_per_million_tokens=input_usd_per_million_tokens,
            output_usd_per_million_tokens=output_usd_per_million_tokens,
            provider=provider,
            replacement_model_id=replacement_model_id,
            tier=tier,
        )

        return keel_billing_v1_model
