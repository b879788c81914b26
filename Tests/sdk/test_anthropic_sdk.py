"""The official Anthropic Python SDK against a live Switchyard, served by every upstream kind."""
import json
import urllib.error
import urllib.request

import anthropic
import pytest

from conftest import ALIASES, MOCK_USAGE

WEATHER_TOOL = {
    "name": "get_weather",
    "description": "Current weather for a city.",
    "input_schema": {
        "type": "object",
        "properties": {"location": {"type": "string"}},
        "required": ["location"],
    },
}


def client(gateway, key=None):
    return anthropic.Anthropic(base_url=gateway.base_url, api_key=key or gateway.key, max_retries=0)


def assert_usage(usage, kind):
    expected = MOCK_USAGE[kind]
    assert usage.input_tokens == expected["fresh"]
    assert usage.cache_read_input_tokens == expected["read"]
    assert (usage.cache_creation_input_tokens or 0) == expected["write"]
    assert usage.output_tokens == expected["output"]


@pytest.mark.parametrize("alias", ALIASES)
def test_plain_message(gateway, alias):
    message = client(gateway).messages.create(
        model=alias, max_tokens=256, system="Be brief.", messages=[{"role": "user", "content": "Say hello."}]
    )
    assert message.type == "message"
    assert message.role == "assistant"
    assert message.content[0].type == "text"
    assert message.content[0].text.startswith("Hello from the mock")
    assert message.stop_reason == "end_turn"
    assert_usage(message.usage, ALIASES[alias])


@pytest.mark.parametrize("alias", ALIASES)
def test_streaming(gateway, alias):
    with client(gateway).messages.stream(
        model=alias, max_tokens=256, messages=[{"role": "user", "content": "Say hello."}]
    ) as stream:
        text = "".join(stream.text_stream)
        final = stream.get_final_message()
    assert text.startswith("Hello from the mock")
    assert final.content[0].text == text
    assert final.stop_reason == "end_turn"
    assert_usage(final.usage, ALIASES[alias])


@pytest.mark.parametrize("alias", ALIASES)
def test_tool_use_round_trip(gateway, alias):
    sdk = client(gateway)
    messages = [{"role": "user", "content": "What is the weather in Paris?"}]
    first = sdk.messages.create(model=alias, max_tokens=256, messages=messages, tools=[WEATHER_TOOL])
    assert first.stop_reason == "tool_use"
    [tool_use] = [block for block in first.content if block.type == "tool_use"]
    assert tool_use.name == "get_weather"
    assert tool_use.input == {"location": "Paris"}
    assert tool_use.id

    messages.append({"role": "assistant", "content": [block.model_dump(exclude_none=True) for block in first.content]})
    messages.append(
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": tool_use.id, "content": "18 degrees and sunny"}]}
    )
    second = sdk.messages.create(model=alias, max_tokens=256, messages=messages, tools=[WEATHER_TOOL])
    assert second.stop_reason == "end_turn"
    assert "18 degrees and sunny" in second.content[0].text


@pytest.mark.parametrize("alias", ALIASES)
def test_streamed_tool_use(gateway, alias):
    with client(gateway).messages.stream(
        model=alias,
        max_tokens=256,
        messages=[{"role": "user", "content": "What is the weather in Paris?"}],
        tools=[WEATHER_TOOL],
    ) as stream:
        final = stream.get_final_message()
    assert final.stop_reason == "tool_use"
    [tool_use] = [block for block in final.content if block.type == "tool_use"]
    assert tool_use.name == "get_weather"
    assert tool_use.input == {"location": "Paris"}


def post_messages(gateway, body, headers):
    request = urllib.request.Request(
        f"{gateway.base_url}/v1/messages", data=json.dumps(body).encode(), headers=headers, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def test_x_api_key_header_is_accepted(gateway):
    status, body = post_messages(
        gateway,
        {"model": "via-anthropic", "max_tokens": 64, "messages": [{"role": "user", "content": "hi"}]},
        {"x-api-key": gateway.key, "anthropic-version": "2023-06-01", "content-type": "application/json"},
    )
    assert status == 200
    assert body["content"][0]["text"].startswith("Hello from the mock")


def test_unknown_model_is_not_found(gateway):
    with pytest.raises(anthropic.NotFoundError) as raised:
        client(gateway).messages.create(model="no-such-model", max_tokens=16, messages=[{"role": "user", "content": "hi"}])
    assert raised.value.body["type"] == "error"
    assert raised.value.body["error"]["type"] == "not_found_error"


def test_bad_key_is_refused(gateway):
    with pytest.raises(anthropic.AuthenticationError):
        client(gateway, key="sy-not-a-real-key").messages.create(
            model="via-anthropic", max_tokens=16, messages=[{"role": "user", "content": "hi"}]
        )


def test_missing_max_tokens_is_a_bad_request(gateway):
    status, body = post_messages(
        gateway,
        {"model": "via-anthropic", "messages": [{"role": "user", "content": "hi"}]},
        {"x-api-key": gateway.key, "anthropic-version": "2023-06-01", "content-type": "application/json"},
    )
    assert status == 400
    assert body["type"] == "error"
    assert body["error"]["type"] == "invalid_request_error"
    assert "max_tokens" in body["error"]["message"]


def test_upstream_rate_limit_passes_through(gateway):
    with pytest.raises(anthropic.RateLimitError) as raised:
        client(gateway).messages.create(model="throttled", max_tokens=16, messages=[{"role": "user", "content": "hi"}])
    assert raised.value.response.headers["retry-after"] == "7"
    assert raised.value.body["error"]["type"] == "rate_limit_error"
