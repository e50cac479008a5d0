"""The model providers agent runs use: the deterministic built-in model's rules, and the
real OpenAI and Anthropic SDKs talking over HTTP to local servers that speak each vendor's
wire format (tests.support.model_servers): streaming, tool calls put back together from
fragments, usage, what is sent, errors and which of them are retried; and the registry
that resolves billing's model ids from `KEEL_AGENTS_*` settings. No database needed."""

from __future__ import annotations

import asyncio
import email.utils
import time
from collections.abc import AsyncIterator, Iterator

import pytest

from services.agents.models import (
    AnthropicProvider,
    BuiltinModel,
    Finished,
    Message,
    ModelError,
    ModelRequest,
    OpenAIChatProvider,
    Providers,
    Settings,
    StreamInterrupted,
    TextDelta,
    ToolCall,
    ToolSpec,
    complete,
    with_retries,
)
from services.agents.models.errors import retry_after
from tests.support.model_servers import AnthropicServer, Call, Failure, OpenAIServer, Reply
from tests.support.net import free_port

KEY = "sk-test-secret-0123456789"
TIME = ToolSpec("current_time", "The current time (UTC).", {"type": "object", "properties": {}})
HTTP = ToolSpec(
    "http_request",
    "Fetch a URL.",
    {"type": "object", "properties": {"url": {"type": "string"}}, "required": ["url"]},
)


def user(text: str) -> Message:
    return Message("user", text)


def ask(*messages: Message, model: str = "keel-builtin", **options) -> ModelRequest:
    return ModelRequest(model=model, messages=messages, **options)


async def events(provider, request: ModelRequest) -> list:
    return [event async for event in provider.stream(request)]


class Sleeps(list):
    """An injected `sleep` for with_retries: records the delays instead of waiting."""

    async def __call__(self, seconds: float) -> None:
        self.append(seconds)


# The built-in model.


async def test_the_builtin_model_echoes_word_by_word() -> None:
    streamed = await events(
        BuiltinModel(), ask(Message("system", "Be brief."), user("hello  there"))
    )
    assert streamed[:-1] == [
        TextDelta("You "),
        TextDelta("said: "),
        TextDelta("hello  "),
        TextDelta("there"),
    ]
    finished = streamed[-1]
    assert finished.message == Message("assistant", "You said: hello  there")
    assert finished.finish_reason == "stop"
    # Words, not tokens: 2 + 2 in, 4 out, deterministic.
    assert (finished.usage.input_tokens, finished.usage.output_tokens) == (4, 4)
    assert finished.usage.cached_input_tokens == 0


async def test_asking_the_time_calls_current_time_with_a_stable_id() -> None:
    request = ask(user("What TIME is it?"), tools=(HTTP, TIME))
    streamed = await events(BuiltinModel(), request)
    assert len(streamed) == 1  # a tool call streams no text
    (call,) = streamed[0].message.tool_calls
    assert (call.name, call.arguments, streamed[0].finish_reason) == (
        "current_time",
        {},
        "tool_calls",
    )
    assert call.id.startswith("call_") and len(call.id) == 17
    assert streamed[0].usage.output_tokens == 4  # {"arguments": {}, "name": "current_time"}
    again = await complete(BuiltinModel(), request)
    other = await complete(BuiltinModel(), ask(user("time please"), tools=(TIME,)))
    assert again.message.tool_calls[0].id == call.id != other.message.tool_calls[0].id


@pytest.mark.parametrize(
    ("said", "tools"),
    [("a timeline of events", (TIME,)), ("what time is it?", (HTTP,)), ("what time is it?", ())],
)
async def test_time_without_the_word_or_the_tool_is_echoed(said, tools) -> None:
    finished = await complete(BuiltinModel(), ask(user(said), tools=tools))
    assert (finished.message.content, finished.message.tool_calls) == (f"You said: {said}", ())


async def test_call_names_an_offered_tool_with_json_arguments() -> None:
    said = 'please call http_request {"url": "https://example.com", "n": [1, 2]} and tell me'
    finished = await complete(BuiltinModel(), ask(user(said), tools=(TIME, HTTP)))
    (call,) = finished.message.tool_calls
    assert (call.name, call.arguments) == (
        "http_request",
        {"url": "https://example.com", "n": [1, 2]},
    )
    assert finished.finish_reason == "tool_calls"

    bare = await complete(BuiltinModel(), ask(user("call current_time"), tools=(TIME,)))
    assert bare.message.tool_calls[0].arguments == {}
    broken = await complete(BuiltinModel(), ask(user("call http_request {url: x}"), tools=(HTTP,)))
    assert broken.message.tool_calls[0].arguments == {"_raw": "{url: x}"}
    not_offered = await complete(
        BuiltinModel(), ask(user("call delete_everything {}"), tools=(HTTP,))
    )
    assert not_offered.message.content == "You said: call delete_everything {}"


async def test_a_tool_result_is_reported_and_not_asked_for_again() -> None:
    call = ToolCall("call_1", "current_time", {})
    asked = (user("what time is it?"), Message("assistant", tool_calls=(call,)))
    result = Message("tool", "2026-12-02T10:00:00Z", tool_call_id="call_1")  # no name given
    answered = await complete(BuiltinModel(), ask(*asked, result, tools=(TIME,)))
    assert answered.message.content == "The current_time tool returned: 2026-12-02T10:00:00Z"
    assert answered.finish_reason == "stop"

    later = (*asked, result, answered.message)
    assert (await complete(BuiltinModel(), ask(*later, tools=(TIME,)))).message.tool_calls == ()

    long = Message("tool", "x" * 500, tool_call_id="call_1", name="http_request")
    cut = await complete(BuiltinModel(), ask(*asked, long))
    assert cut.message.content == "The http_request tool returned: " + "x" * 200 + "…"


async def test_usage_counts_the_words_of_every_message() -> None:
    call = ToolCall("call_1", "current_time", {})
    conversation = (
        Message("system", "You are terse."),
        user("what time is it?"),
        Message("assistant", tool_calls=(call,)),
        Message("tool", "ten o'clock", tool_call_id="call_1", name="current_time"),
    )
    finished = await complete(BuiltinModel(), ask(*conversation))
    assert finished.usage.input_tokens == 3 + 4 + 4 + 2
    assert finished.usage.output_tokens == len(
        "The current_time tool returned: ten o'clock".split()
    )


async def test_chunk_delay_paces_the_stream_and_on_delta_sees_each_word() -> None:
    seen: list[str] = []

    async def on_delta(text: str) -> None:
        seen.append(text)

    started = time.monotonic()
    finished = await complete(BuiltinModel(chunk_delay=0.05), ask(user("one two three")), on_delta)
    assert time.monotonic() - started >= 4 * 0.05
    assert seen == ["You ", "said: ", "one ", "two ", "three"]
    assert "".join(seen) == finished.message.content


async def test_a_slow_builtin_answer_can_be_cancelled() -> None:
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(complete(BuiltinModel(chunk_delay=1.0), ask(user("a b c"))), 0.1)


async def test_the_builtin_provider_knows_only_its_model() -> None:
    with pytest.raises(ModelError) as raised:
        await complete(BuiltinModel(), ask(user("hi"), model="gpt-4o-mini"))
    assert (raised.value.reason, raised.value.retryable) == ("UNKNOWN_MODEL", False)


# OpenAI's Chat Completions (and the servers speaking it).


@pytest.fixture(scope="module")
def openai_server() -> Iterator[OpenAIServer]:
    with OpenAIServer() as server:
        yield server


@pytest.fixture
async def openai(openai_server: OpenAIServer) -> AsyncIterator[OpenAIChatProvider]:
    openai_server.reset()
    provider = OpenAIChatProvider("openai", f"{openai_server.url}/v1", KEY)
    yield provider
    await provider.aclose()


async def test_openai_text_streams_in_order_with_usage(openai, openai_server) -> None:
    openai_server.script(
        Reply("Hello from the server.", input_tokens=42, output_tokens=5, cached_tokens=30)
    )
    streamed = await events(openai, ask(user("hi"), model="gpt-4o-mini"))
    assert [e.text for e in streamed[:-1]] == ["Hello ", "from ", "the ", "server."]
    finished = streamed[-1]
    assert isinstance(finished, Finished)
    assert finished.message == Message("assistant", "Hello from the server.")
    assert finished.finish_reason == "stop"
    assert (finished.usage.input_tokens, finished.usage.output_tokens) == (42, 5)
    assert finished.usage.cached_input_tokens == 30


async def test_openai_tool_calls_are_reassembled_from_fragments(openai, openai_server) -> None:
    arguments = {"url": "https://example.com/a?b=c", "headers": {"Accept": "text/html"}}
    openai_server.script(
        Reply(
            "Let me look.",
            calls=(Call("http_request", arguments, "call_A"), Call("current_time", '{"tz": ')),
            pieces=4,
        )
    )
    finished = await complete(openai, ask(user("look"), model="gpt-4o-mini", tools=(HTTP, TIME)))
    assert finished.finish_reason == "tool_calls"
    assert finished.message.content == "Let me look."
    assert finished.message.tool_calls == (
        ToolCall("call_A", "http_request", arguments),
        ToolCall("call_1", "current_time", {"_raw": '{"tz": '}),  # broken JSON kept raw
    )


async def test_openai_request_carries_messages_tools_settings_and_idempotency_key(
    openai, openai_server
) -> None:
    openai_server.script(Reply("ok"))
    call = ToolCall("call_9", "http_request", {"url": "https://example.com"})
    request = ModelRequest(
        model="gpt-4o-mini",
        messages=(
            Message("system", "Be brief."),
            user("fetch it"),
            Message("assistant", tool_calls=(call,)),
            Message("tool", "<html/>", tool_call_id="call_9", name="http_request"),
        ),
        tools=(HTTP,),
        settings=Settings(temperature=0.2, max_tokens=300, top_p=0.9, stop=("END",)),
        idempotency_key="run-1-step-2",
    )
    await complete(openai, request)
    (received,) = openai_server.requests
    body = received.body
    assert body["model"] == "gpt-4o-mini"
    assert (body["stream"], body["stream_options"]) == (True, {"include_usage": True})
    assert body["messages"] == [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "fetch it"},
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": "call_9",
                    "type": "function",
                    "function": {
                        "name": "http_request",
                        "arguments": '{"url": "https://example.com"}',
                    },
                }
            ],
        },
        {"role": "tool", "tool_call_id": "call_9", "content": "<html/>"},
    ]
    assert body["tools"] == [
        {
            "type": "function",
            "function": {
                "name": "http_request",
                "description": "Fetch a URL.",
                "parameters": HTTP.parameters,
            },
        }
    ]
    assert (body["temperature"], body["max_tokens"], body["top_p"], body["stop"]) == (
        0.2,
        300,
        0.9,
        ["END"],
    )
    assert received.headers["idempotency-key"] == "run-1-step-2"
    assert received.headers["authorization"] == f"Bearer {KEY}"


async def test_openai_unset_settings_are_not_sent(openai, openai_server) -> None:
    openai_server.script(Reply("ok"))
    await complete(openai, ask(user("hi"), model="gpt-4o-mini"))
    body, headers = openai_server.requests[0].body, openai_server.requests[0].headers
    assert not {"temperature", "max_tokens", "top_p", "stop", "tools"} & set(body)
    assert "idempotency-key" not in headers


async def test_openai_503_is_retried_and_the_second_attempt_succeeds(openai, openai_server) -> None:
    openai_server.script(Failure(503, "try later"), Reply("second time lucky"))
    sleeps = Sleeps()
    finished = await with_retries(
        lambda: complete(openai, ask(user("hi"), model="m")), sleep=sleeps
    )
    assert finished.message.content == "second time lucky"
    assert len(openai_server.requests) == 2
    assert len(sleeps) == 1 and 0.25 <= sleeps[0] <= 0.5  # base 0.5, jittered


async def test_openai_backoff_grows_and_the_last_error_is_raised(openai, openai_server) -> None:
    openai_server.script(Failure(500), Failure(502), Failure(503))
    sleeps = Sleeps()
    with pytest.raises(ModelError) as raised:
        await with_retries(lambda: complete(openai, ask(user("hi"), model="m")), sleep=sleeps)
    assert (raised.value.reason, raised.value.status, raised.value.retryable) == (
        "PROVIDER_UNAVAILABLE",
        503,
        True,
    )
    assert len(openai_server.requests) == 3
    assert 0.25 <= sleeps[0] <= 0.5 and 0.5 <= sleeps[1] <= 1.0


async def test_openai_429_waits_what_retry_after_says(openai, openai_server) -> None:
    openai_server.script(Failure(429, "slow down", headers={"retry-after": "1"}), Reply("ok"))
    sleeps = Sleeps()
    await with_retries(lambda: complete(openai, ask(user("hi"), model="m")), sleep=sleeps)
    assert sleeps == [1.0]
    openai_server.script(Failure(429, headers={"retry-after": "120"}), Reply("ok"))
    await with_retries(
        lambda: complete(openai, ask(user("hi"), model="m")), sleep=sleeps, max_delay=8
    )
    assert sleeps == [1.0, 8.0]  # capped


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (400, "BAD_REQUEST"),
        (401, "AUTHENTICATION"),
        (403, "AUTHENTICATION"),
        (404, "UNKNOWN_MODEL"),
        (422, "BAD_REQUEST"),
    ],
)
async def test_openai_client_errors_are_not_retried(openai, openai_server, status, reason) -> None:
    openai_server.script(Failure(status, "no good"), Reply("never sent"))
    sleeps = Sleeps()
    with pytest.raises(ModelError) as raised:
        await with_retries(lambda: complete(openai, ask(user("hi"), model="m")), sleep=sleeps)
    assert (raised.value.reason, raised.value.status, raised.value.retryable) == (
        reason,
        status,
        False,
    )
    assert "no good" in str(raised.value)
    assert len(openai_server.requests) == 1 and sleeps == []


async def test_openai_failure_after_text_is_not_retried(openai, openai_server) -> None:
    openai_server.script(Reply("half an", then_fail=Failure(500, "boom")), Reply("never sent"))
    seen: list[str] = []
    with pytest.raises(StreamInterrupted) as raised:
        await with_retries(
            lambda: complete(openai, ask(user("hi"), model="m"), seen.append), sleep=Sleeps()
        )
    assert raised.value.delivered == "half an" == "".join(seen)
    assert (raised.value.reason, raised.value.retryable) == ("PROVIDER_UNAVAILABLE", True)
    assert len(openai_server.requests) == 1


async def test_openai_whole_call_timeout(openai, openai_server) -> None:
    openai_server.script(Reply("one two three four five", chunk_delay=0.3))
    with pytest.raises(ModelError) as raised:
        await complete(openai, ask(user("hi"), model="m", timeout_seconds=0.5))
    assert (raised.value.reason, raised.value.retryable) == ("TIMEOUT", True)


async def test_openai_unreachable_server_is_unavailable() -> None:
    provider = OpenAIChatProvider("local", f"http://127.0.0.1:{free_port()}/v1", "")
    with pytest.raises(ModelError) as raised:
        await complete(provider, ask(user("hi"), model="llama3"))
    assert (raised.value.reason, raised.value.retryable) == ("PROVIDER_UNAVAILABLE", True)
    await provider.aclose()


async def test_an_abandoned_openai_stream_is_closed_and_the_provider_reused(
    openai, openai_server
) -> None:
    openai_server.script(Reply("many words to come " * 20, chunk_delay=0.01), Reply("next"))
    stream = openai.stream(ask(user("hi"), model="m"))
    assert await anext(stream) == TextDelta("many ")
    await stream.aclose()  # what cancelling a run does
    assert (await complete(openai, ask(user("again"), model="m"))).message.content == "next"


def test_retry_after_reads_seconds_milliseconds_and_dates() -> None:
    assert retry_after({"retry-after": "2.5"}) == 2.5
    assert retry_after({"retry-after-ms": "1500", "retry-after": "9"}) == 1.5
    later = email.utils.formatdate(time.time() + 30, usegmt=True)
    assert 28 <= (retry_after({"retry-after": later}) or 0) <= 30
    assert retry_after({"retry-after": "soon"}) is None
    assert retry_after({}) is None


# Anthropic's Messages API.


@pytest.fixture(scope="module")
def anthropic_server() -> Iterator[AnthropicServer]:
    with AnthropicServer() as server:
        yield server


@pytest.fixture
async def claude(anthropic_server: AnthropicServer) -> AsyncIterator[AnthropicProvider]:
    anthropic_server.reset()
    provider = AnthropicProvider("anthropic", anthropic_server.url, KEY)
    yield provider
    await provider.aclose()


async def test_anthropic_text_streams_with_usage_incl_cache_reads(claude, anthropic_server) -> None:
    anthropic_server.script(
        Reply("Bonjour tout le monde", input_tokens=12, output_tokens=6, cached_tokens=100)
    )
    streamed = await events(claude, ask(user("hi"), model="claude-3-5-haiku"))
    assert [e.text for e in streamed[:-1]] == ["Bonjour ", "tout ", "le ", "monde"]
    finished = streamed[-1]
    assert finished.message == Message("assistant", "Bonjour tout le monde")
    assert finished.finish_reason == "stop"
    assert (finished.usage.input_tokens, finished.usage.cached_input_tokens) == (112, 100)
    assert finished.usage.output_tokens == 6


async def test_anthropic_tool_use_input_is_joined_from_json_deltas(
    claude, anthropic_server
) -> None:
    arguments = {"url": "https://example.com", "retries": 2}
    anthropic_server.script(
        Reply(
            "Fetching.",
            calls=(Call("http_request", arguments, "toolu_1"), Call("current_time")),
            pieces=5,
        )
    )
    finished = await complete(claude, ask(user("go"), model="claude-3-5-haiku", tools=(HTTP, TIME)))
    assert finished.finish_reason == "tool_calls"
    assert finished.message.content == "Fetching."
    assert finished.message.tool_calls == (
        ToolCall("toolu_1", "http_request", arguments),
        ToolCall("toolu_2", "current_time", {}),
    )


async def test_anthropic_request_shape(claude, anthropic_server) -> None:
    anthropic_server.script(Reply("ok", finish="max_tokens"))
    calls = (
        ToolCall("toolu_a", "current_time", {}),
        ToolCall("toolu_b", "http_request", {"url": "u"}),
    )
    request = ModelRequest(
        model="claude-3-5-haiku",
        messages=(
            Message("system", "Be brief."),
            Message("system", "Answer in French."),
            user("time and page?"),
            Message("assistant", "Both.", tool_calls=calls),
            Message("tool", "10:00", tool_call_id="toolu_a", name="current_time"),
            Message("tool", "<html/>", tool_call_id="toolu_b", name="http_request"),
        ),
        tools=(TIME,),
        settings=Settings(temperature=0.5, top_p=0.9, stop=("\n\nHuman:",)),
        idempotency_key="run-7",
    )
    finished = await complete(claude, request)
    assert finished.finish_reason == "length"
    (received,) = anthropic_server.requests
    body = received.body
    assert (body["model"], body["stream"], body["max_tokens"]) == ("claude-3-5-haiku", True, 1024)
    assert body["system"] == "Be brief.\n\nAnswer in French."
    assert body["messages"] == [
        {"role": "user", "content": "time and page?"},
        {
            "role": "assistant",
            "content": [
                {"type": "text", "text": "Both."},
                {"type": "tool_use", "id": "toolu_a", "name": "current_time", "input": {}},
                {
                    "type": "tool_use",
                    "id": "toolu_b",
                    "name": "http_request",
                    "input": {"url": "u"},
                },
            ],
        },
        {
            "role": "user",
            "content": [
                {"type": "tool_result", "tool_use_id": "toolu_a", "content": "10:00"},
                {"type": "tool_result", "tool_use_id": "toolu_b", "content": "<html/>"},
            ],
        },
    ]
    assert body["tools"] == [
        {"name": "current_time", "description": TIME.description, "input_schema": TIME.parameters}
    ]
    assert body["stop_sequences"] == ["\n\nHuman:"]
    assert not {"temperature", "top_p"} & set(body)  # the SDK's Messages API has neither
    assert received.headers["idempotency-key"] == "run-7"
    assert received.headers["authorization"] == f"Bearer {KEY}"  # anthropic 2.16's header


async def test_anthropic_529_overloaded_is_retried(claude, anthropic_server) -> None:
    anthropic_server.script(Failure(529, "Overloaded"), Reply("made it"))
    sleeps = Sleeps()
    finished = await with_retries(
        lambda: complete(claude, ask(user("hi"), model="c")), sleep=sleeps
    )
    assert finished.message.content == "made it"
    assert len(anthropic_server.requests) == 2 and len(sleeps) == 1


async def test_anthropic_rate_limit_and_bad_request(claude, anthropic_server) -> None:
    anthropic_server.script(Failure(429, headers={"retry-after": "3"}), Reply("ok"))
    sleeps = Sleeps()
    await with_retries(lambda: complete(claude, ask(user("hi"), model="c")), sleep=sleeps)
    assert sleeps == [3.0]

    anthropic_server.script(Failure(400, "max_tokens: too large"), Reply("never sent"))
    with pytest.raises(ModelError) as raised:
        await with_retries(lambda: complete(claude, ask(user("hi"), model="c")), sleep=sleeps)
    assert (raised.value.reason, raised.value.retryable) == ("BAD_REQUEST", False)
    assert "max_tokens: too large" in str(raised.value)
    assert len(anthropic_server.requests) == 3 and sleeps == [3.0]


async def test_anthropic_error_event_mid_stream(claude, anthropic_server) -> None:
    anthropic_server.script(Reply("Partial", then_fail=Failure(529, "Overloaded")), Reply("no"))
    seen: list[str] = []
    with pytest.raises(StreamInterrupted) as raised:
        await with_retries(
            lambda: complete(claude, ask(user("hi"), model="c"), seen.append), sleep=Sleeps()
        )
    assert (raised.value.reason, raised.value.delivered) == ("PROVIDER_UNAVAILABLE", "Partial")
    assert raised.value.status == 529 and raised.value.retryable
    assert seen == ["Partial"] and len(anthropic_server.requests) == 1


async def test_anthropic_timeout_and_unreachable_server(claude, anthropic_server) -> None:
    anthropic_server.script(Reply("slow words here", chunk_delay=0.3))
    with pytest.raises(ModelError) as raised:
        await complete(claude, ask(user("hi"), model="c", timeout_seconds=0.4))
    assert (raised.value.reason, raised.value.retryable) == ("TIMEOUT", True)

    gone = AnthropicProvider("anthropic", f"http://127.0.0.1:{free_port()}", KEY)
    with pytest.raises(ModelError) as raised:
        await complete(gone, ask(user("hi"), model="c"))
    assert (raised.value.reason, raised.value.retryable) == ("PROVIDER_UNAVAILABLE", True)
    await gone.aclose()


# The registry.


def environment(openai_url: str = "http://127.0.0.1:1/v1", **extra: str) -> dict[str, str]:
    return {
        "KEEL_AGENTS_PROVIDERS": "openai, anthropic",
        "KEEL_AGENTS_PROVIDER_OPENAI_KIND": "openai",
        "KEEL_AGENTS_PROVIDER_OPENAI_BASE_URL": openai_url,
        "KEEL_AGENTS_PROVIDER_OPENAI_API_KEY": KEY,
        "KEEL_AGENTS_PROVIDER_ANTHROPIC_KIND": "anthropic",
        "KEEL_AGENTS_PROVIDER_ANTHROPIC_API_KEY": KEY,
        **extra,
    }


async def test_the_registry_resolves_billings_model_ids(openai_server) -> None:
    openai_server.reset()
    providers = Providers.from_env(environment(f"{openai_server.url}/v1"))
    provider, model = providers.resolve("openai/gpt-4o-mini")
    assert (provider.name, model, type(provider)) == ("openai", "gpt-4o-mini", OpenAIChatProvider)
    assert providers.resolve("anthropic/claude-3-5-haiku")[1] == "claude-3-5-haiku"
    assert providers.resolve("openai/org/model")[1] == "org/model"
    assert providers.resolve("keel/keel-builtin")[0] is providers.resolve("keel-builtin")[0]
    assert providers.names == ("keel", "openai", "anthropic")

    openai_server.script(Reply("through the registry"))
    finished = await complete(provider, ask(user("hi"), model=model))
    assert finished.message.content == "through the registry"
    await providers.aclose()


@pytest.mark.parametrize("model_id", ["google/gemini-2.0-flash", "gpt-4o", "keel/other", "openai/"])
def test_a_model_no_provider_runs_is_unknown(model_id) -> None:
    with pytest.raises(ModelError) as raised:
        Providers.from_env(environment()).resolve(model_id)
    assert (raised.value.reason, raised.value.retryable) == ("UNKNOWN_MODEL", False)


async def test_builtin_for_all_runs_unconfigured_providers_on_the_builtin() -> None:
    providers = Providers.from_env({"KEEL_AGENTS_BUILTIN_FOR_ALL": "true"})
    provider, model = providers.resolve("openai/gpt-4o-mini")
    assert (provider.name, model) == ("keel", "keel-builtin")
    assert (
        await complete(provider, ask(user("hi"), model=model))
    ).message.content == "You said: hi"
    # A configured provider still wins.
    configured = Providers.from_env(environment(KEEL_AGENTS_BUILTIN_FOR_ALL="TRUE"))
    assert configured.resolve("openai/gpt-4o-mini")[0].name == "openai"
    assert configured.resolve("google/gemini-2.0-flash")[0].name == "keel"
    assert Providers.from_env({}).builtin_for_all is False


def test_the_api_key_is_never_shown() -> None:
    providers = Providers.from_env(environment())
    shown = repr(providers) + str(providers) + repr(providers.resolve("openai/m")[0])
    assert KEY not in shown and "openai" in shown and "anthropic" in shown


@pytest.mark.parametrize(
    ("changes", "variable"),
    [
        ({"KEEL_AGENTS_PROVIDER_OPENAI_KIND": "azure"}, "KEEL_AGENTS_PROVIDER_OPENAI_KIND"),
        ({"KEEL_AGENTS_PROVIDER_OPENAI_KIND": ""}, "KEEL_AGENTS_PROVIDER_OPENAI_KIND"),
        (
            {"KEEL_AGENTS_PROVIDER_OPENAI_BASE_URL": "ftp://x"},
            "KEEL_AGENTS_PROVIDER_OPENAI_BASE_URL",
        ),
        ({"KEEL_AGENTS_PROVIDER_ANTHROPIC_API_KEY": ""}, "KEEL_AGENTS_PROVIDER_ANTHROPIC_API_KEY"),
        ({"KEEL_AGENTS_PROVIDERS": "openai,Open-AI"}, "KEEL_AGENTS_PROVIDERS"),
        ({"KEEL_AGENTS_PROVIDERS": "keel"}, "KEEL_AGENTS_PROVIDERS"),
        ({"KEEL_AGENTS_PROVIDERS": "openai,openai"}, "KEEL_AGENTS_PROVIDERS"),
        ({"KEEL_AGENTS_BUILTIN_FOR_ALL": "yes please"}, "KEEL_AGENTS_BUILTIN_FOR_ALL"),
    ],
)
def test_bad_settings_name_their_variable(changes, variable) -> None:
    with pytest.raises(ValueError, match=variable) as raised:
        Providers.from_env({**environment(), **changes})
    assert KEY not in str(raised.value)
