/// A request a mock refuses, rendered in the provider's own error envelope.
struct MockRejection: Error, Sendable {
    var status: Int
    var message: String
    /// OpenAI's `error.code`, or the reason of a Gemini `google.rpc.ErrorInfo` detail.
    var code: String?
    /// OpenAI's `error.param`.
    var param: String?

    init(status: Int, message: String, code: String? = nil, param: String? = nil) {
        self.status = status
        self.message = message
        self.code = code
        self.param = param
    }
}
