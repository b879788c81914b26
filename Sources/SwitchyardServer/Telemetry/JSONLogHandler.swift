import Foundation
import Logging

/// A swift-log handler writing one JSON object per line to standard error: `timestamp`, `level`, `message`,
/// `logger`, the metadata (request id, trace id, key, tenant, …) and `source`/`file`/`line` for warnings and worse.
///
/// Values are whatever the code logs; Switchyard never puts a secret in log metadata or messages (the
/// `Authorization` header, API keys and provider keys are never logged — a test checks it).
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    public var metadataProvider: Logger.MetadataProvider?

    private let label: String
    private let write: @Sendable (String) -> Void

    /// A handler for `label` writing each line with `write` (standard error by default).
    public init(label: String, metadataProvider: Logger.MetadataProvider? = nil, write: @escaping @Sendable (String) -> Void = JSONLogHandler.standardError) {
        self.label = label
        self.metadataProvider = metadataProvider
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields: [String: Any] = [
            "timestamp": Date().formatted(.iso8601.time(includingFractionalSeconds: true).year().month().day()),
            "level": event.level.rawValue,
            "message": "\(event.message)",
            "logger": label,
        ]
        var merged = metadata
        if let provided = metadataProvider?.get() {
            merged.merge(provided) { _, new in new }
        }
        if let extra = event.metadata {
            merged.merge(extra) { _, new in new }
        }
        for (key, value) in merged {
            fields[key] = Self.json(value)
        }
        if event.level >= .warning {
            fields["source"] = event.source
            fields["file"] = event.file
            fields["line"] = Int(event.line)
        }
        guard let data = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes]) else { return }
        write(String(decoding: data, as: UTF8.self) + "\n")
    }

    /// Writes a line to standard error.
    public static let standardError: @Sendable (String) -> Void = { line in
        FileHandle.standardError.write(Data(line.utf8))
    }

    private static func json(_ value: Logger.Metadata.Value) -> Any {
        switch value {
        case .string(let string): string
        case .stringConvertible(let convertible): "\(convertible)"
        case .array(let values): values.map(json)
        case .dictionary(let dictionary): dictionary.mapValues(json)
        }
    }
}
