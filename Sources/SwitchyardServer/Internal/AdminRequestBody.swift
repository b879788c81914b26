import Foundation
import Hummingbird
import NIOCore
import SwitchyardCore
import SwitchyardEngine
import SwitchyardProviders

/// An admin API request body: a JSON object whose fields are read one by one, each failure an `invalid_request`
/// error (400) that names the field, says what was expected and what arrived.
struct AdminRequestBody {
    /// Admin bodies are small; anything larger is refused before it is parsed.
    static let maximumBytes = 64 * 1024

    private let fields: [String: JSONValue]

    /// Collects and parses the body, refusing anything that is not a JSON object or holds a field not in `allowed`.
    static func read(_ request: Request, allowed: Set<String>) async throws -> AdminRequestBody {
        let bytes: [UInt8]
        do {
            bytes = Array(try await request.body.collect(upTo: maximumBytes).readableBytesView)
        } catch is NIOTooManyBytesError {
            throw SwitchyardError(
                code: .requestTooLarge,
                message: "The request body is larger than the admin API's limit of \(maximumBytes) bytes.",
                stage: .edge
            )
        }
        guard !bytes.isEmpty else {
            throw SwitchyardError.invalidRequest("The body is empty; send a JSON object.")
        }
        guard let fields = try WireJSON.decodeRequest(JSONValue.self, from: bytes).objectValue else {
            throw SwitchyardError.invalidRequest("The body must be a JSON object.")
        }
        if let unknown = fields.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw SwitchyardError.invalidRequest("Unknown field `\(unknown)`. Allowed fields: \(allowed.sorted().joined(separator: ", ")).")
        }
        return AdminRequestBody(fields: fields)
    }

    /// A string field; `nil` when absent or null.
    func string(_ name: String) throws -> String? {
        switch fields[name] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case let other?: throw Self.wrongType(name, expected: "a string", got: other)
        }
    }

    /// A string field that must be present and not empty.
    func requiredString(_ name: String) throws -> String {
        guard let text = try string(name) else {
            throw SwitchyardError.invalidRequest("Missing required field `\(name)`.")
        }
        guard !text.isEmpty else {
            throw SwitchyardError.invalidRequest("Field `\(name)` must not be empty.")
        }
        return text
    }

    /// A string field holding the raw value of one of `allowed`; the error lists them.
    func choice<Value: RawRepresentable & Equatable>(_ name: String, among allowed: [Value]) throws -> Value? where Value.RawValue == String {
        guard let text = try string(name) else { return nil }
        guard let value = Value(rawValue: text), allowed.contains(value) else {
            let allowed = allowed.map { "`\($0.rawValue)`" }.joined(separator: ", ")
            throw SwitchyardError.invalidRequest("Field `\(name)` is `\(text)`; allowed values: \(allowed).")
        }
        return value
    }

    /// An array of strings; `nil` when absent or null.
    func strings(_ name: String) throws -> [String]? {
        switch fields[name] {
        case nil, .null?: return nil
        case .array(let elements)?:
            return try elements.enumerated().map { index, element in
                guard let text = element.stringValue else { throw Self.wrongType("\(name)[\(index)]", expected: "a string", got: element) }
                return text
            }
        case let other?: throw Self.wrongType(name, expected: "an array of strings", got: other)
        }
    }

    /// An object whose values are strings; `nil` when absent or null.
    func stringMap(_ name: String) throws -> [String: String]? {
        switch fields[name] {
        case nil, .null?: return nil
        case .object(let members)?:
            return try members.mapValues { value in
                guard let text = value.stringValue else { throw Self.wrongType(name, expected: "an object of strings", got: value) }
                return text
            }
        case let other?: throw Self.wrongType(name, expected: "an object of strings", got: other)
        }
    }

    /// An array of integers; `nil` when absent or null.
    func integers(_ name: String) throws -> [Int]? {
        switch fields[name] {
        case nil, .null?: return nil
        case .array(let elements)?:
            return try elements.enumerated().map { index, element in
                guard case .int(let value) = element, let small = Int(exactly: value) else {
                    throw Self.wrongType("\(name)[\(index)]", expected: "an integer", got: element)
                }
                return small
            }
        case let other?: throw Self.wrongType(name, expected: "an array of integers", got: other)
        }
    }

    /// An ISO 8601 date or date-time; `nil` when absent or null.
    func date(_ name: String) throws -> Date? {
        guard let text = try string(name) else { return nil }
        guard let date = Date(iso8601Argument: text) else {
            throw SwitchyardError.invalidRequest(
                "Field `\(name)` is `\(text)`, not an ISO 8601 date such as 2027-01-31 or 2027-01-31T12:00:00Z."
            )
        }
        return date
    }

    /// A quota limit in `metric`'s unit: for `usd` a decimal dollar string (`"12.50"`) or a number, otherwise an
    /// integer (or a string of digits). `nil` when absent or null.
    ///
    /// Checked with ``Quota/checkLimit(_:metric:field:)``: above zero and not absurd.
    func limit(_ name: String, metric: Quota.Metric) throws -> Int64? {
        switch fields[name] {
        case nil, .null?:
            return nil
        case .string(let text)?:
            return try Quota.parseLimit(text, metric: metric, field: name)
        case .int(let value)?:
            // Through the text form, so that dollars are scaled to nanodollars without overflow.
            return try Quota.parseLimit(String(value), metric: metric, field: name)
        case .double(let value)? where metric == .usd:
            guard value.isFinite, value.magnitude < 1e15 else {
                throw SwitchyardError.invalidRequest("`\(name)` is too large: \(value) is above the maximum of $10,000,000.")
            }
            // Swift prints the shortest decimal that reads back as the same double: 12.5 → "12.5".
            return try Quota.parseLimit(String(describing: value), metric: metric, field: name)
        case .double(let value)?:
            throw SwitchyardError.invalidRequest("`\(name)` must be a whole number of \(metric.rawValue); got \(value).")
        case let other?:
            let expected = metric == .usd ? "a decimal dollar string such as \"12.50\" or a number" : "an integer"
            throw Self.wrongType(name, expected: expected, got: other)
        }
    }

    private static func wrongType(_ name: String, expected: String, got value: JSONValue) -> SwitchyardError {
        SwitchyardError.invalidRequest("Field `\(name)` has the wrong type: expected \(expected), got \(describe(value)).")
    }

    private static func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .int, .double: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
