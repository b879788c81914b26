import Benchmark
import SwitchyardCore
import SwitchyardProviders

/// What translating between client APIs and providers costs, each direction: a typical request (decode the
/// client's body, build the upstream request) and a long agent's, a whole answer (decode the provider's body, encode the client's),
/// and a 100-chunk streamed answer (parse the provider's SSE, decode each event, encode it for the client).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        maxDuration: .seconds(2),
        maxIterations: 1_000_000
    )

    let openAI = OpenAI.ChatCompletionsAPI()
    let anthropic = Anthropic.MessagesAPI()
    let toOpenAI = OpenAI.ChatCompletionsTranslator()
    let toAnthropic = Anthropic.MessagesTranslator()

    Benchmark("Request, OpenAI client to Anthropic upstream") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try translateRequest(TranslationFixture.openAIRequest, from: openAI, to: toAnthropic))
        }
    }

    Benchmark("Request, Anthropic client to OpenAI upstream") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try translateRequest(TranslationFixture.anthropicRequest, from: anthropic, to: toOpenAI))
        }
    }

    Benchmark("Request, OpenAI client to OpenAI upstream") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try translateRequest(TranslationFixture.openAIRequest, from: openAI, to: toOpenAI))
        }
    }

    Benchmark("Request, an agent's 60 messages (50 KB), Anthropic client to Anthropic upstream") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try translateRequest(TranslationFixture.anthropicAgentRequest, from: anthropic, to: toAnthropic))
        }
    }

    let openAICall = try! openAI.decodeRequest(TranslationFixture.openAIRequest)
    let anthropicCall = try! anthropic.decodeRequest(TranslationFixture.anthropicRequest)

    Benchmark("Response, Anthropic upstream to OpenAI client") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try openAI.encodeResponse(toAnthropic.decodeResponse(TranslationFixture.anthropicResponse), for: openAICall))
        }
    }

    Benchmark("Response, OpenAI upstream to Anthropic client") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try anthropic.encodeResponse(toOpenAI.decodeResponse(TranslationFixture.openAIResponse), for: anthropicCall))
        }
    }

    Benchmark("Stream of 100 chunks, Anthropic upstream to OpenAI client") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try translateStream(TranslationFixture.anthropicStream, decoder: toAnthropic.makeStreamDecoder(), encoder: openAI.makeStreamEncoder(for: openAICall)))
        }
    }

    Benchmark("Stream of 100 chunks, OpenAI upstream to Anthropic client") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try translateStream(TranslationFixture.openAIStream, decoder: toOpenAI.makeStreamDecoder(), encoder: anthropic.makeStreamEncoder(for: anthropicCall)))
        }
    }

    Benchmark("Stream of 100 chunks, OpenAI upstream to OpenAI client") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try translateStream(TranslationFixture.openAIStream, decoder: toOpenAI.makeStreamDecoder(), encoder: openAI.makeStreamEncoder(for: openAICall)))
        }
    }
}

/// The gateway's request path without I/O: the client's body decoded, the upstream's request built from it.
func translateRequest(_ body: [UInt8], from api: some InboundAPI, to translator: some ProviderTranslator) throws -> UpstreamHTTPRequest {
    let call = try api.decodeRequest(body)
    return try translator.makeHTTPRequest(for: call.request, endpoint: TranslationFixture.endpoint)
}

/// The streamed path without I/O: the provider's bytes parsed into SSE events, each decoded into canonical events
/// and encoded for the client. Returns the bytes the client would receive.
func translateStream(_ upstream: [UInt8], decoder: any UpstreamStreamDecoder, encoder: some InboundStreamEncoder) throws -> Int {
    var parser = ServerSentEventParser()
    var decoder = decoder
    var encoder = encoder
    var written = 0
    for event in parser.feed(upstream) + parser.finish() {
        for canonical in try decoder.decode(event) {
            written += encoder.encode(canonical).count
        }
    }
    for canonical in try decoder.finish() {
        written += encoder.encode(canonical).count
    }
    return written
}
