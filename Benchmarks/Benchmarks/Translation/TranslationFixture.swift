import SwitchyardCore
import SwitchyardProviders

/// Wire bytes as clients and providers send them: a typical agent request (a system prompt, a short
/// conversation, one tool) in each client API, a whole answer from each provider, and a 100-chunk streamed
/// answer from each provider — the inputs of the translation benchmarks.
enum TranslationFixture {
    /// Content chunks in each streamed answer.
    static let chunksPerStream = 100

    static let endpoint = UpstreamEndpoint(baseURL: "http://127.0.0.1:9/v1", apiKey: "sk-bench")

    /// An OpenAI Chat Completions request from an agent.
    static let openAIRequest = bytes(#"""
        {"model":"gpt-4o-mini","max_tokens":512,"temperature":0.2,"stream":false,
         "messages":[
          {"role":"system","content":"You are a support agent for an online shop. Answer briefly and use the tools when you need order data."},
          {"role":"user","content":"Where is my order 8841? It was due on Monday."},
          {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_order","arguments":"{\"order_id\":\"8841\"}"}}]},
          {"role":"tool","tool_call_id":"call_1","content":"{\"status\":\"shipped\",\"carrier\":\"DHL\",\"eta\":\"2026-12-05\"}"},
          {"role":"user","content":"Can you tell me the carrier and when it arrives?"}],
         "tools":[{"type":"function","function":{"name":"get_order","description":"Looks up an order by its id.",
          "parameters":{"type":"object","properties":{"order_id":{"type":"string"}},"required":["order_id"]}}}]}
        """#)

    /// The same conversation as an Anthropic Messages request.
    static let anthropicRequest = bytes(#"""
        {"model":"claude-sonnet-4-5","max_tokens":512,"temperature":0.2,
         "system":"You are a support agent for an online shop. Answer briefly and use the tools when you need order data.",
         "messages":[
          {"role":"user","content":"Where is my order 8841? It was due on Monday."},
          {"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"get_order","input":{"order_id":"8841"}}]},
          {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"{\"status\":\"shipped\",\"carrier\":\"DHL\",\"eta\":\"2026-12-05\"}"},
                                    {"type":"text","text":"Can you tell me the carrier and when it arrives?"}]}],
         "tools":[{"name":"get_order","description":"Looks up an order by its id.",
          "input_schema":{"type":"object","properties":{"order_id":{"type":"string"}},"required":["order_id"]}}]}
        """#)

    /// A long-running agent's Anthropic Messages request: eight tools and 60 messages — 30 rounds of a tool call
    /// and its result of about 1 KB — some 50 KB in all.
    static let anthropicAgentRequest: [UInt8] = {
        let schema = #"{"type":"object","properties":{"path":{"type":"string","description":"A path in the repository."},"limit":{"type":"integer","minimum":1}},"required":["path"]}"#
        let tools = (0..<8).map { #"{"name":"tool_\#($0)","description":"Reads part of the repository and returns what it finds there.","input_schema":\#(schema)}"# }
        let result = String(repeating: "line of a source file that the tool read back to the agent; ", count: 16)
        var messages = [#"{"role":"user","content":"Find why the build fails and fix it."}"#]
        for round in 0..<30 {
            messages.append(#"{"role":"assistant","content":[{"type":"text","text":"Looking at part \#(round)."},{"type":"tool_use","id":"toolu_\#(round)","name":"tool_\#(round % 8)","input":{"path":"Sources/File\#(round).swift","limit":200}}]}"#)
            messages.append(#"{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_\#(round)","content":"\#(result)"}]}"#)
        }
        let body = #"{"model":"claude-sonnet-4-5","max_tokens":4096,"system":[{"type":"text","text":"You are a coding agent.","cache_control":{"type":"ephemeral"}}],"tools":[\#(tools.joined(separator: ","))],"messages":[\#(messages.joined(separator: ","))]}"#
        return Array(body.utf8)
    }()

    /// A whole OpenAI chat completion, as OpenAI answers.
    static let openAIResponse = bytes(#"""
        {"id":"chatcmpl-bench","object":"chat.completion","created":1764806400,"model":"gpt-4o-mini-2024-07-18",
         "choices":[{"index":0,"message":{"role":"assistant","content":"Your order 8841 shipped with DHL and should arrive on 5 December.","refusal":null},
          "logprobs":null,"finish_reason":"stop"}],
         "usage":{"prompt_tokens":182,"completion_tokens":17,"total_tokens":199,
          "prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0}},
         "system_fingerprint":"fp_bench"}
        """#)

    /// A whole Anthropic message, as Anthropic answers.
    static let anthropicResponse = bytes(#"""
        {"id":"msg_01bench","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
         "content":[{"type":"text","text":"Your order 8841 shipped with DHL and should arrive on 5 December."}],
         "stop_reason":"end_turn","stop_sequence":null,
         "usage":{"input_tokens":182,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":17}}
        """#)

    /// An OpenAI stream: a role chunk, 100 content chunks, a finish chunk, a usage chunk and `[DONE]`.
    static let openAIStream: [UInt8] = {
        func chunk(_ choices: String, usage: String = "") -> String {
            #"data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1764806400,"model":"gpt-4o-mini","#
                + #""system_fingerprint":"fp_bench","choices":\#(choices)\#(usage)}"# + "\n\n"
        }
        var stream = chunk(#"[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]"#)
        for index in 0..<chunksPerStream {
            stream += chunk(#"[{"index":0,"delta":{"content":"word\#(index) "},"logprobs":null,"finish_reason":null}]"#)
        }
        stream += chunk(#"[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]"#)
        stream += chunk("[]", usage: #","usage":{"prompt_tokens":182,"completion_tokens":100,"total_tokens":282}"#)
        stream += "data: [DONE]\n\n"
        return Array(stream.utf8)
    }()

    /// An Anthropic stream: `message_start`, one text block of 100 deltas, `message_delta` and `message_stop`.
    static let anthropicStream: [UInt8] = {
        func event(_ type: String, _ data: String) -> String {
            "event: \(type)\ndata: \(data)\n\n"
        }
        var stream = event("message_start", #"""
            {"type":"message_start","message":{"id":"msg_01bench","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":182,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":1}}}
            """#)
        stream += event("content_block_start", #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#)
        for index in 0..<chunksPerStream {
            stream += event("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"word\#(index) "}}"#)
        }
        stream += event("content_block_stop", #"{"type":"content_block_stop","index":0}"#)
        stream += event("message_delta", #"{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":100}}"#)
        stream += event("message_stop", #"{"type":"message_stop"}"#)
        return Array(stream.utf8)
    }()

    /// `json` with the line breaks of its source literal taken out, as one line of bytes.
    private static func bytes(_ json: String) -> [UInt8] {
        Array(json.split(separator: "\n").map { $0.drop { $0 == " " } }.joined().utf8)
    }
}
