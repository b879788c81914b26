import Hummingbird
import NIOCore
import SwitchyardProviders

/// JSON answers of the admin API.
enum AdminResponse {
    /// `value` as compact JSON with `status`.
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status,
            headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: WireJSON.encode(value)))
        )
    }

    /// A list answer, `{"data": [...]}`.
    struct List<Element: Encodable>: Encodable {
        let data: [Element]
    }
}
