import Logging
import SwitchyardCore

/// Delivers quota alerts to the configured webhook URL as JSON POSTs, in order, off the request path, retrying
/// a failed delivery a few times before giving up on it (and logging that).
final class QuotaWebhook: Sendable {
    private let url: String
    private let transport: any UpstreamTransport
    private let logger: Logger
    private let queue: AsyncStream<QuotaAlert>
    private let continuation: AsyncStream<QuotaAlert>.Continuation

    /// The most alerts waiting for delivery; later ones are dropped (and logged) while the receiver is down.
    static let capacity = 1_000

    init(url: String, transport: any UpstreamTransport, logger: Logger) {
        self.url = url
        self.transport = transport
        self.logger = logger
        (queue, continuation) = AsyncStream.makeStream(of: QuotaAlert.self, bufferingPolicy: .bufferingOldest(Self.capacity))
    }

    /// Queues an alert for delivery.
    func enqueue(_ alert: QuotaAlert) {
        if case .dropped = continuation.yield(alert) {
            logger.error("Quota alert webhook queue is full; alert dropped", metadata: ["quota": "\(alert.quota.id)"])
        }
    }

    /// Delivers queued alerts until `finish()` is called and the queue is empty.
    func run() async {
        for await alert in queue {
            await deliver(alert)
        }
    }

    /// Ends ``run()`` once what is queued has been delivered.
    func finish() {
        continuation.finish()
    }

    private func deliver(_ alert: QuotaAlert) async {
        let request = UpstreamHTTPRequest(
            url: url,
            headers: [("content-type", "application/json"), ("user-agent", "switchyard")],
            body: Array(alert.webhookJSON.compactJSONString.utf8)
        )
        for attempt in 1...3 {
            do {
                let response = try await transport.send(request, timeouts: TransportTimeouts(connect: .seconds(5), responseHead: .seconds(10)))
                _ = try? await response.body.collect(upTo: 64 << 10)
                if (200..<300).contains(response.status) { return }
                logger.warning("Quota alert webhook refused the alert", metadata: ["status": "\(response.status)", "attempt": "\(attempt)"])
            } catch {
                logger.warning("Quota alert webhook unreachable", metadata: ["error": "\(error)", "attempt": "\(attempt)"])
            }
            if attempt < 3 {
                try? await Task.sleep(for: .seconds(attempt))
            }
        }
        logger.error("Quota alert not delivered to the webhook after 3 attempts", metadata: ["quota": "\(alert.quota.id)"])
    }
}
