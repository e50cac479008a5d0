"""Model providers for agent runs: one interface (`base`), the deterministic built-in model,
OpenAI-compatible Chat Completions, Anthropic Messages, and the registry choosing among
them from `KEEL_AGENTS_*` settings. No gRPC and no database here: the worker drives these."""

from services.agents.models.anthropic_messages import AnthropicProvider
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
from services.agents.models.openai_chat import OpenAIChatProvider
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
