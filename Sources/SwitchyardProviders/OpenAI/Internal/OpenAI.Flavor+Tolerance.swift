import SwitchyardCore
import Foundation

// How strictly each flavor reads what a server sent: OpenAI must send its documented fields; a compatible
// server's omissions are filled in.
extension OpenAI.Flavor {
    /// The completion id; a compatible server that sends none gets a fresh `chatcmpl-` id.
    func completionID(_ id: String?) throws -> String {
        if let id, !id.isEmpty { return id }
        guard self == .compatible else {
            throw SwitchyardError.upstreamProtocol("The upstream sent a response without an `id`.")
        }
        return "chatcmpl-\(UUID().uuidString.lowercased())"
    }

    /// The model name; a compatible server that sends none gets an empty name.
    func modelName(_ model: String?) throws -> String {
        if let model { return model }
        guard self == .compatible else {
            throw SwitchyardError.upstreamProtocol("The upstream sent a response without a `model`.")
        }
        return ""
    }

    /// A tool call's id; a compatible server that sends none gets `call_` and 24 random hex digits, so that ids
    /// never repeat across the turns of one conversation (a counter would restart at every response).
    func toolCallID(_ id: String?) throws -> String {
        if let id, !id.isEmpty { return id }
        guard self == .compatible else {
            throw SwitchyardError.upstreamProtocol("The upstream sent a tool call without an `id`.")
        }
        var generator = SystemRandomNumberGenerator()
        let (high, low) = (generator.next() as UInt64, generator.next() as UInt32)
        return "call_" + String(high, radix: 16) + String(low, radix: 16)
    }

    /// A tool call's input from its `arguments`: a JSON string (empty means no arguments; JSON cut short by the
    /// token limit is kept as the raw string), or, from a compatible server, the object itself.
    func toolInput(_ arguments: JSONValue, field: String) throws -> JSONValue {
        switch arguments {
        case .string(let text):
            if text.allSatisfy(\.isWhitespace) { return .object([:]) }
            return (try? JSONValue(parsing: text)) ?? .string(text)
        case .object where self == .compatible:
            return arguments
        default:
            throw SwitchyardError.upstreamProtocol("The upstream sent `\(field)` that is not a string of JSON.")
        }
    }
}
