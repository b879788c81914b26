import SwitchyardCore

extension JSONMembers {
    /// The `tool_calls` member, as `[OpenAI.ToolCall]` encodes itself — in a request's assistant message and in an
    /// answer alike; `false` when a call's arguments hold a number that is not finite.
    mutating func toolCalls(_ calls: [OpenAI.ToolCall], in bytes: inout [UInt8]) -> Bool {
        key("tool_calls", in: &bytes)
        return JSONArray.write(calls, to: &bytes) { call, bytes in
            var callMembers = JSONMembers(opening: &bytes)
            callMembers.omittingNil("id", call.id, in: &bytes)
            callMembers.omittingNil("type", call.type, in: &bytes)
            callMembers.key("function", in: &bytes)
            var function = JSONMembers(opening: &bytes)
            function.omittingNil("name", call.function.name, in: &bytes)
            guard function.value("arguments", call.function.arguments, in: &bytes) else { return false }
            bytes += "}}".utf8
            return true
        }
    }
}
