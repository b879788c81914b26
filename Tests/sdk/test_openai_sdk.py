"""The official OpenAI Python SDK against a live Switchyard, served by every upstream kind."""
import json

import openai
import pytest

from conftest import ALIASES, MOCK_USAGE

WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Current weather for a city.",
        "parameters": {
            "type": "object",
            "properties": {"location": {"type": "string"}},
            "required": ["location"],
        },
    },
}


def client(gateway, key=None):
    return openai.OpenAI(base_url=f"{gateway.base_url}/v1", api_key=key or gateway.key, max_retries=0)


def expected_prompt_tokens(kind):
    usage = MOCK_USAGE[kind]
    return usage["fresh"] + usage["read"] + usage["write"]


@pytest.mark.parametrize("alias", ALIASES)
def test_plain_completion(gateway, alias):
    kind = ALIASES[alias]
    completion = client(gateway).chat.completions.create(
        model=alias, messages=[{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Say hello."}]
    )
    assert completion.object == "chat.completion"
    assert completion.choices[0].message.role == "assistant"
    assert completion.choices[0].message.content.startswith("Hello from the mock")
    assert completion.choices[0].finish_reason == "stop"
    assert completion.usage.prompt_tokens == expected_prompt_tokens(kind)
    assert completion.usage.prompt_tokens_details.cached_tokens == MOCK_USAGE[kind]["read"]
    assert completion.usage.completion_tokens == MOCK_USAGE[kind]["output"]
    assert completion.usage.total_tokens == expected_prompt_tokens(kind) + MOCK_USAGE[kind]["output"]


@pytest.mark.parametrize("alias", ALIASES)
def test_streaming_with_usage(gateway, alias):
    kind = ALIASES[alias]
    stream = client(gateway).chat.completions.create(
        model=alias,
        messages=[{"role": "user", "content": "Say hello."}],
        stream=True,
        stream_options={"include_usage": True},
    )
    text = ""
    finish_reasons = []
    usage = None
    for chunk in stream:
        if chunk.usage is not None:
            usage = chunk.usage
        for choice in chunk.choices:
            text += choice.delta.content or ""
            if choice.finish_reason:
                finish_reasons.append(choice.finish_reason)
    assert text.startswith("Hello from the mock")
    assert finish_reasons == ["stop"]
    assert usage is not None
    assert usage.prompt_tokens == expected_prompt_tokens(kind)
    assert usage.prompt_tokens_details.cached_tokens == MOCK_USAGE[kind]["read"]
    assert usage.completion_tokens == MOCK_USAGE[kind]["output"]


@pytest.mark.parametrize("alias", ALIASES)
def test_tool_call_round_trip(gateway, alias):
    sdk = client(gateway)
    messages = [{"role": "user", "content": "What is the weather in Paris?"}]
    first = sdk.chat.completions.create(model=alias, messages=messages, tools=[WEATHER_TOOL])
    choice = first.choices[0]
    assert choice.finish_reason == "tool_calls"
    [call] = choice.message.tool_calls
    assert call.type == "function"
    assert call.function.name == "get_weather"
    assert json.loads(call.function.arguments) == {"location": "Paris"}
    assert call.id

    messages.append(choice.message.model_dump(exclude_none=True))
    messages.append({"role": "tool", "tool_call_id": call.id, "content": "18 degrees and sunny"})
    second = sdk.chat.completions.create(model=alias, messages=messages, tools=[WEATHER_TOOL])
    assert second.choices[0].finish_reason == "stop"
    assert "18 degrees and sunny" in second.choices[0].message.content


@pytest.mark.parametrize("alias", ALIASES)
def test_streamed_tool_call(gateway, alias):
    stream = client(gateway).chat.completions.create(
        model=alias,
        messages=[{"role": "user", "content": "What is the weather in Paris?"}],
        tools=[WEATHER_TOOL],
        stream=True,
    )
    calls = {}
    finish = None
    for chunk in stream:
        for choice in chunk.choices:
            for delta in choice.delta.tool_calls or []:
                entry = calls.setdefault(delta.index, {"id": None, "name": None, "arguments": ""})
                entry["id"] = delta.id or entry["id"]
                if delta.function and delta.function.name:
                    entry["name"] = delta.function.name
                if delta.function and delta.function.arguments:
                    entry["arguments"] += delta.function.arguments
            finish = choice.finish_reason or finish
    assert finish == "tool_calls"
    assert list(calls) == [0]
    assert calls[0]["name"] == "get_weather"
    assert calls[0]["id"]
    assert json.loads(calls[0]["arguments"]) == {"location": "Paris"}


def test_models_list(gateway):
    ids = [model.id for model in client(gateway).models.list()]
    assert set(ALIASES) <= set(ids)


def test_unknown_model_is_not_found(gateway):
    with pytest.raises(openai.NotFoundError) as raised:
        client(gateway).chat.completions.create(model="no-such-model", messages=[{"role": "user", "content": "hi"}])
    assert "no-such-model" in raised.value.message
    assert raised.value.body["code"] == "model_not_found"


def test_bad_key_is_refused(gateway):
    with pytest.raises(openai.AuthenticationError):
        client(gateway, key="sy-not-a-real-key").chat.completions.create(
            model="via-openai", messages=[{"role": "user", "content": "hi"}]
        )


def test_empty_messages_is_a_bad_request(gateway):
    with pytest.raises(openai.BadRequestError) as raised:
        client(gateway).chat.completions.create(model="via-openai", messages=[])
    assert "messages" in raised.value.message


def test_upstream_rate_limit_passes_through(gateway):
    with pytest.raises(openai.RateLimitError) as raised:
        client(gateway).chat.completions.create(model="throttled", messages=[{"role": "user", "content": "hi"}])
    assert raised.value.response.headers["retry-after"] == "7"
