import Foundation
import NIOCore

/// Connection-level faults: cutting a connection abruptly, holding it open without sending.
enum MockConnection {
    /// Thrown after a connection was cut, so the server stops writing to it.
    struct Reset: Error {}

    /// Closes the connection with a TCP reset (`SO_LINGER` 0) where the socket allows it, else a plain close.
    static func reset(_ channel: any Channel) async -> Reset {
        if let socket = channel as? any SocketOptionProvider {
            try? await socket.setSoLinger(linger(l_onoff: 1, l_linger: 0)).get()
        }
        try? await channel.close()
        return Reset()
    }

    /// Waits without sending until the client leaves, `timeout` passes or the task is cancelled, then cuts the
    /// connection.
    static func stall(_ channel: any Channel, timeout: Duration) async -> Reset {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while channel.isActive, ContinuousClock.now < deadline {
            do {
                try await Task.sleep(for: .milliseconds(20))
            } catch {
                break
            }
        }
        return await reset(channel)
    }
}
