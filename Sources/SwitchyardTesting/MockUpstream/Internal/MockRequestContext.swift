import Hummingbird
import NIOCore

/// The request context of a mock: Hummingbird's core storage plus the connection, which faults cut or stall.
struct MockRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        channel = source.channel
    }
}
