import SwitchyardCore
import Foundation

/// JSON coding for wire types, with decoding errors that name the offending field.
///
/// Decoding reads the text with ``JSONValue/init(scanning:)`` and decodes from that (``ScannedJSONDecoder``); text
/// it refuses — invalid, or a value it leaves to Foundation — is decoded again by `JSONDecoder`, whose reading or
/// error stands. Encoding writes the text in one pass (``DirectJSONEncoder``); what that leaves to Foundation is
/// encoded by `JSONEncoder`.
public enum WireJSON {
    /// One decoder and one encoder for every call: Foundation's coders are thread-safe once configured, and
    /// making new ones costs allocations on every request and every streamed chunk.
    private static let decoder = JSONDecoder()
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }()

    /// Decodes a client's request body; failures become `invalid_request` errors that say which field is wrong.
    public static func decodeRequest<T: Decodable>(_ type: T.Type, from body: [UInt8]) throws -> T {
        // The scanner takes only valid UTF-8, so a body it read needs no check of its own.
        if let value = scanned(type, from: body) { return value }
        guard String(validating: body, as: UTF8.self) != nil else {
            throw SwitchyardError.invalidRequest("The body is not valid UTF-8.")
        }
        do {
            return try decoder.decode(type, from: Data(body))
        } catch let error as DecodingError {
            throw SwitchyardError.invalidRequest(describe(error))
        }
    }

    /// Decodes an upstream's body; failures become `upstream_protocol_error` errors.
    public static func decodeUpstream<T: Decodable>(_ type: T.Type, from body: some Collection<UInt8>, what: String) throws -> T {
        if let value = scanned(type, from: body) { return value }
        do {
            return try decoder.decode(type, from: Data(body))
        } catch let error as DecodingError {
            throw SwitchyardError.upstreamProtocol("The upstream sent a malformed \(what).", cause: describe(error))
        }
    }

    /// `type` decoded by the scanned path, or `nil` when it leaves the text to `JSONDecoder`.
    private static func scanned<T: Decodable>(_ type: T.Type, from body: some Collection<UInt8>) -> T? {
        guard let value = JSONValue(scanning: body) else { return nil }
        return try? ScannedJSONDecoder.decode(type, from: value)
    }

    /// Encodes a wire value as compact JSON: in one pass (``DirectJSONEncoder``), or with `JSONEncoder` when the value
    /// needs what only it writes.
    public static func encode<T: Encodable>(_ value: T) -> [UInt8] {
        if let bytes = try? DirectJSONEncoder.encode(value) { return bytes }
        do {
            return Array(try encoder.encode(value))
        } catch {
            // Wire types hold only strings, numbers, booleans and JSONValue; only a non-finite double can fail.
            preconditionFailure("Wire value failed to encode: \(error)")
        }
    }

    /// A one-line explanation of a decoding failure naming the JSON path, such as
    /// `messages[0].content: expected a string or an array of content parts`.
    public static func describe(_ error: DecodingError) -> String {
        func path(_ codingPath: [any CodingKey]) -> String {
            var text = ""
            for key in codingPath {
                if let index = key.intValue {
                    text += "[\(index)]"
                } else {
                    text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
                }
            }
            return text.isEmpty ? "body" : text
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = path(context.codingPath)
            return parent == "body" ? "Missing required field `\(key.stringValue)`." : "Missing required field `\(parent).\(key.stringValue)`."
        case .typeMismatch(let type, let context):
            return "Field `\(path(context.codingPath))` has the wrong type: expected \(describeType(type))."
        case .valueNotFound(let type, let context):
            return "Field `\(path(context.codingPath))` must not be null: expected \(describeType(type))."
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return "The body is not valid JSON."
            }
            return "Field `\(path(context.codingPath))` is invalid: \(context.debugDescription)"
        @unknown default:
            return "The body could not be decoded."
        }
    }

    private static func describeType(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type, is Int64.Type: return "an integer"
        case is Double.Type: return "a number"
        case is Bool.Type: return "a boolean"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") { return "an array" }
            if name.hasPrefix("Dictionary") { return "an object" }
            return "a valid value"
        }
    }
}
