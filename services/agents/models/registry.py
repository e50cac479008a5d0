"""Which provider runs a model id, configured from the environment.

Model ids are billing's: "<provider>/<model>", e.g. "openai/gpt-4o-mini" runs model
"gpt-4o-mini" on the provider named "openai" (the model part may itself hold slashes).
The built-in provider "keel" (model "keel-builtin", also accepted bare) always exists;
any other bare name names no provider (see `KEEL_AGENTS_BUILTIN_FOR_ALL`).

Settings:
- `KEEL_AGENTS_PROVIDERS`: comma-separated provider names (lowercase letters, digits, `_`);
  default none. For each name N, upper-cased in the variable names:
  - `KEEL_AGENTS_PROVIDER_<N>_KIND`: `openai` (the Chat Completions wire format: OpenAI,
    Gemini's OpenAI-compatible endpoint, Ollama, vLLM) or `anthropic`. Required.
  - `KEEL_AGENTS_PROVIDER_<N>_BASE_URL`: default the vendor's own endpoint
    (https://api.openai.com/v1, https://api.anthropic.com).
  - `KEEL_AGENTS_PROVIDER_<N>_API_KEY`: a secret, never logged nor shown in a repr.
    Required for `anthropic`; optional for `openai` (local servers need none).
- `KEEL_AGENTS_BUILTIN_FOR_ALL`: `true` or `false` (default). When true, a model id whose
  provider is not configured runs on the built-in model instead of failing, so billing's
  plan models (openai/gpt-4o-mini, ...) work with no keys at all; `make up` sets it. A
  configured provider always wins. When false, such a model id is UNKNOWN_MODEL.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from services.agents.models.base import ModelError, Provider
from services.agents.models.builtin import BUILTIN_MODEL, BUILTIN_PROVIDER, BuiltinModel

PROVIDERS_VAR = "KEEL_AGENTS_PROVIDERS"
BUILTIN_FOR_ALL_VAR = "KEEL_AGENTS_BUILTIN_FOR_ALL"
DEFAULT_BASE_URLS = {
    "openai": "https://api.openai.com/v1",
    "anthropic": "https://api.anthropic.com",
}
_NAME = re.compile(r"[a-z][a-z0-9_]*")
_BOOLEANS = {"true": True, "false": False}


class Providers:
    """The configured providers by name, and model ids resolved onto them."""

    def __init__(
        self,
        providers: Mapping[str, Provider],
        *,
        builtin_for_all: bool = False,
        builtin: BuiltinModel | None = None,
    ) -> None:
        self._providers: dict[str, Provider] = {BUILTIN_PROVIDER: builtin or BuiltinModel()}
        self._providers.update(providers)
        self.builtin_for_all = builtin_for_all

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> Providers:
        """Read the settings above; a bad value raises ValueError naming its variable."""
        providers: dict[str, Provider] = {}
        for name in _names(environ.get(PROVIDERS_VAR, "")):
            providers[name] = _provider(name, environ)
        raw = environ.get(BUILTIN_FOR_ALL_VAR, "").strip().lower() or "false"
        if raw not in _BOOLEANS:
            raise ValueError(f"{BUILTIN_FOR_ALL_VAR} must be true or false, not {raw!r}")
        return cls(providers, builtin_for_all=_BOOLEANS[raw])

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self._providers)

    def get(self, name: str) -> Provider | None:
        return self._providers.get(name)

    def resolve(self, model_id: str) -> tuple[Provider, str]:
        """The provider and its own model name for billing's model id."""
        provider_name, slash, model = model_id.partition("/")
        if not slash:  # a bare name: no provider named
            provider_name, model = "", model_id
        if model_id == BUILTIN_MODEL or provider_name == BUILTIN_PROVIDER:
            if model == BUILTIN_MODEL:
                return self._providers[BUILTIN_PROVIDER], BUILTIN_MODEL
        elif (provider := self._providers.get(provider_name)) is not None:
            if model:
                return provider, model
        elif self.builtin_for_all:
            return self._providers[BUILTIN_PROVIDER], BUILTIN_MODEL
        raise ModelError(
            f"no configured provider runs model {model_id!r}",
            reason="UNKNOWN_MODEL",
            retryable=False,
        )

    async def aclose(self) -> None:
        """Close the SDK clients' connection pools."""
        for provider in self._providers.values():
            close = getattr(provider, "aclose", None)
            if close is not None:
                await close()

    def __repr__(self) -> str:
        return (
            f"Providers({list(self._providers.values())!r}, builtin_for_all={self.builtin_for_all})"
        )


def _names(raw: str) -> list[str]:
    names = [part.strip() for part in raw.split(",") if part.strip()]
    for name in names:
        if not _NAME.fullmatch(name):
            raise ValueError(
                f"{PROVIDERS_VAR}: {name!r} is not a provider name (lowercase letters, digits, _)"
            )
        if name == BUILTIN_PROVIDER:
            raise ValueError(f"{PROVIDERS_VAR}: {name!r} is the built-in provider's name")
    if len(set(names)) != len(names):
        raise ValueError(f"{PROVIDERS_VAR}: a provider is named twice in {raw!r}")
    return names


def _provider(name: str, environ: Mapping[str, str]) -> Provider:
    prefix = f"KEEL_AGENTS_PROVIDER_{name.upper()}_"
    kind = environ.get(prefix + "KIND", "").strip().lower()
    if kind not in DEFAULT_BASE_URLS:
        raise ValueError(f"{prefix}KIND must be openai or anthropic, not {kind!r}")
    base_url = environ.get(prefix + "BASE_URL", "").strip() or DEFAULT_BASE_URLS[kind]
    if not base_url.startswith(("http://", "https://")):
        raise ValueError(f"{prefix}BASE_URL must be an http:// or https:// URL, not {base_url!r}")
    api_key = environ.get(prefix + "API_KEY", "").strip()
    # Each SDK is imported only when a provider of its kind is configured (memory).
    if kind == "anthropic":
        if not api_key:
            raise ValueError(f"{prefix}API_KEY is required for an anthropic provider")
        from services.agents.models.anthropic_messages import AnthropicProvider

        return AnthropicProvider(name, base_url, api_key)
    from services.agents.models.openai_chat import OpenAIChatProvider

    return OpenAIChatProvider(name, base_url, api_key)
