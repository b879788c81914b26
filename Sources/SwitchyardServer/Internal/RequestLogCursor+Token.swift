import Foundation
import SwitchyardCore

extension RequestLogCursor {
    /// The cursor as the admin API hands it out: base64url (unpadded) of `MILLISECONDS:REQUEST_ID`. Opaque to
    /// clients, which only send it back.
    var token: String {
        Data("\(startedAtMilliseconds):\(requestID)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Reads a ``token``; `nil` when it is not one.
    init?(token: String) {
        guard !token.isEmpty, token.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            return nil
        }
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8),
            let colon = text.firstIndex(of: ":"),
            let milliseconds = Int64(text[..<colon])
        else { return nil }
        let requestID = String(text[text.index(after: colon)...])
        guard !requestID.isEmpty else { return nil }
        self.init(startedAtMilliseconds: milliseconds, requestID: requestID)
    }
}
