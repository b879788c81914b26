import SwitchyardCore

extension OpenAI.ChatCompletion {
    /// The completion as compact JSON, written field by field: the bytes ``WireJSON/encode(_:)`` writes for it,
    /// without a trip through the `Encoder` protocol per field (3 % of a sequential call's CPU, for the one answer
    /// every non-streamed call returns). `nil` when a tool call's arguments hold a number that is not finite;
    /// ``WireJSON`` writes those.
    var writtenJSON: [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(512)
        var members = JSONMembers(opening: &bytes)
        members.omittingNil("id", id, in: &bytes)
        members.omittingNil("object", object, in: &bytes)
        members.omittingNil("created", created, in: &bytes)
        members.omittingNil("model", model, in: &bytes)
        members.key("choices", in: &bytes)
        guard JSONArray.write(choices, to: &bytes, { choice, bytes in choice.write(to: &bytes) }) else { return nil }
        if let usage {
            members.key("usage", in: &bytes)
            usage.write(to: &bytes)
        }
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }
}

extension OpenAI.Choice {
    /// Writes the choice as its `encode(to:)` does; `false` when a tool call's arguments hold a number that is not
    /// finite.
    fileprivate func write(to bytes: inout [UInt8]) -> Bool {
        var members = JSONMembers(opening: &bytes)
        members.writingNull("index", index, in: &bytes)
        members.key("message", in: &bytes)
        guard message.write(to: &bytes) else { return false }
        members.key("logprobs", in: &bytes)
        bytes += "null".utf8
        members.writingNull("finish_reason", finishReason, in: &bytes)
        bytes.append(UInt8(ascii: "}"))
        return true
    }
}

extension OpenAI.ResponseMessage {
    fileprivate func write(to bytes: inout [UInt8]) -> Bool {
        var members = JSONMembers(opening: &bytes)
        members.omittingNil("role", role, in: &bytes)
        members.writingNull("content", content, in: &bytes)
        members.writingNull("refusal", refusal, in: &bytes)
        if let toolCalls {
            guard members.toolCalls(toolCalls, in: &bytes) else { return false }
        }
        members.omittingNil("reasoning_content", reasoningContent, in: &bytes)
        members.omittingNil("reasoning", reasoning, in: &bytes)
        bytes.append(UInt8(ascii: "}"))
        return true
    }
}

extension OpenAI.Usage {
    fileprivate func write(to bytes: inout [UInt8]) {
        var members = JSONMembers(opening: &bytes)
        members.omittingNil("prompt_tokens", promptTokens, in: &bytes)
        members.omittingNil("completion_tokens", completionTokens, in: &bytes)
        members.omittingNil("total_tokens", totalTokens, in: &bytes)
        if let promptTokensDetails {
            members.key("prompt_tokens_details", in: &bytes)
            var details = JSONMembers(opening: &bytes)
            details.omittingNil("cached_tokens", promptTokensDetails.cachedTokens, in: &bytes)
            bytes.append(UInt8(ascii: "}"))
        }
        if let completionTokensDetails {
            members.key("completion_tokens_details", in: &bytes)
            var details = JSONMembers(opening: &bytes)
            details.omittingNil("reasoning_tokens", completionTokensDetails.reasoningTokens, in: &bytes)
            bytes.append(UInt8(ascii: "}"))
        }
        members.omittingNil("prompt_cache_hit_tokens", promptCacheHitTokens, in: &bytes)
        bytes.append(UInt8(ascii: "}"))
    }
}
