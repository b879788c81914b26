import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SwitchyardCore

/// The production ``UpstreamTransport``, on AsyncHTTPClient's pooled, keep-alive connections.
public struct HTTPClientTransport: UpstreamTransport {
    private let client: HTTPClient

    /// Uses `client` for every request; the caller owns the client's lifetime.
    public init(client: HTTPClient) {
        self.client = client
    }

    public func send(_ request: UpstreamHTTPRequest, timeout: Duration) async throws -> UpstreamHTTPResponse {
        var outbound = HTTPClientRequest(url: request.url)
        outbound.method = HTTPMethod(rawValue: request.method)
        for (name, value) in request.headers {
            outbound.headers.add(name: name, value: value)
        }
        outbound.body = .bytes(ByteBuffer(bytes: request.body))
        let response: HTTPClientResponse
        do {
            response = try await client.execute(outbound, timeout: TimeAmount(timeout))
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            throw SwitchyardError(
                code: .upstreamTimeout,
                message: "The upstream did not answer in time.",
                stage: .provider,
                isRetryable: true,
                cause: String(describing: error)
            )
        } catch let error where Self.isCancellation(error) {
            // The caller went away: not the upstream's fault, and no reason to try another deployment.
            throw CancellationError()
        } catch {
            throw SwitchyardError(
                code: .upstreamUnavailable,
                message: "The upstream could not be reached.",
                stage: .provider,
                isRetryable: true,
                cause: String(describing: error)
            )
        }
        let headers = response.headers.map { (name: $0.name.lowercased(), value: $0.value) }
        return UpstreamHTTPResponse(status: Int(response.status.code), headers: headers, body: Self.bodyStream(response.body))
    }

    /// Whether `error` means the request was cancelled by its caller rather than failed by the upstream.
    private static func isCancellation(_ error: any Error) -> Bool {
        error is CancellationError || (error as? HTTPClientError) == .cancelled
    }

    /// Adapts AsyncHTTPClient's body to ``UpstreamBody`` without a task: chunks are pulled on demand by the
    /// consumer, so a consumer that stops reading (a client that went away) drops the iterator, which cancels the
    /// upstream request.
    private static func bodyStream(_ body: HTTPClientResponse.Body) -> UpstreamBody {
        let iterator = UnfoldingIterator(body.makeAsyncIterator())
        return UpstreamBody(unfolding: {
            do {
                guard let buffer = try await iterator.next() else { return nil }
                return Array(buffer.readableBytesView)
            } catch let error as HTTPClientError where error == .readTimeout {
                throw SwitchyardError(
                    code: .upstreamTimeout,
                    message: "The upstream stopped sending mid-response.",
                    stage: .provider,
                    isRetryable: true,
                    cause: String(describing: error)
                )
            } catch let error where Self.isCancellation(error) {
                throw CancellationError()
            } catch let error as SwitchyardError {
                throw error
            } catch {
                throw SwitchyardError(
                    code: .upstreamUnavailable,
                    message: "The upstream connection broke mid-response.",
                    stage: .provider,
                    isRetryable: true,
                    cause: String(describing: error)
                )
            }
        })
    }
}

extension TimeAmount {
    /// The same span as a NIO time amount, to nanosecond precision.
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
