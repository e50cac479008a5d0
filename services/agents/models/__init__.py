"""Model providers for agent runs: one interface (`base`), the deterministic built-in model,
OpenAI-compatible Chat Completions, Anthropic Messages, and the registry choosing among
them from `KEEL_AGENTS_*` settings. No gRPC and no database here: the worker drives these."""

from typing import Any

from services.agents.models.base import (
    Finished,
    Message,
    ModelError,
    ModelEvent,
    ModelRequest,
    Provider,
    Settings,
    StreamInterrupted,
    TextDelta,
    ToolCall,
    ToolSpec,
    Usage,
    complete,
    with_retries,
)
from services.agents.models.builtin import BUILTIN_MODEL, BUILTIN_PROVIDER, BuiltinModel
from services.agents.models.registry import Providers

__all__ = [
    "BUILTIN_MODEL",
    "BUILTIN_PROVIDER",
    "AnthropicProvider",
    "BuiltinModel",
    "Finished",
    "Message",
    "ModelError",
    "ModelEvent",
    "ModelRequest",
    "OpenAIChatProvider",
    "Provider",
    "Providers",
    "Settings",
    "StreamInterrupted",
    "TextDelta",
    "ToolCall",
    "ToolSpec",
    "Usage",
    "complete",
    "with_retries",
]


def __getattr__(name: str) -> Any:
    """The providers on first use: their SDKs cost a worker ~24 MiB (openai) and ~53 MiB
    (anthropic), which a worker on the built-in model alone never needs."""
    if name == "AnthropicProvider":
        from services.agents.models.anthropic_messages import AnthropicProvider

        return AnthropicProvider
    if name == "OpenAIChatProvider":
        from services.agents.models.openai_chat import OpenAIChatProvider

        return OpenAIChatProvider
    raise AttributeError(name)
