import NIOCore

/// The chat completion the servers answer alone, with no upstream.
let fixedAnswer = ByteBuffer(string: #"{"id":"chatcmpl-floor","object":"chat.completion","created":1764806400,"model":"bench","choices":[{"index":0,"message":{"role":"assistant","content":"Hello! How can I help you today?"},"finish_reason":"stop"}],"usage":{"prompt_tokens":10,"completion_tokens":9,"total_tokens":19}}"#)
