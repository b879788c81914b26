import Hummingbird
import SwitchyardCore
import SwitchyardProviders

/// Which client API a request speaks, judged from its path and headers: for errors raised before (or outside) a
/// controller, which must still answer in the caller's own envelope.
enum ClientAPI {
    case openAI
    case anthropic

    /// Anthropic for `/v1/messages…` or a request carrying `anthropic-version`; OpenAI otherwise.
    init(_ request: Request) {
        let speaksAnthropic = request.uri.path.hasPrefix("/v1/messages") || request.headers[.anthropicVersion] != nil
        self = speaksAnthropic ? .anthropic : .openAI
    }

    /// A complete error response in this API's envelope.
    func errorResponse(_ error: SwitchyardError, requestID: String) -> Response {
        switch self {
        case .openAI:
            ErrorResponse.make(
                error,
                status: ErrorResponse.status(for: error, allowsStatus529: false),
                body: OpenAI.ChatCompletionsAPI().encodeError(error, requestID: requestID)
            )
        case .anthropic:
            ErrorResponse.make(
                error,
                status: ErrorResponse.status(for: error, allowsStatus529: true),
                body: Anthropic.MessagesAPI().encodeError(error, requestID: requestID)
            )
        }
    }
}
