// The floor under any gateway built on a given HTTP server: the server alone answering a fixed chat completion,
// with no upstream and no work, and relays with no gateway work between their two hops. A gateway on that server adds at least the floor's latency over nginx's static answer; the load
// harness's targets are ratios against nginx, so the floors say which of them a design can meet at all.
//
//   EdgeFloor nio|hummingbird|hummingbird-loop PORT
//   EdgeFloor relay PORT UPSTREAM_ORIGIN
//   EdgeFloor nio-relay PORT UPSTREAM_IP UPSTREAM_PORT
//
// `nio`: SwiftNIO's HTTP/1.1 codec and one channel handler answering on the event loop: the least a server written
// on NIO can cost. `hummingbird`: Hummingbird 2's HTTP/1.1 server as an application uses it (a router, the body
// collected). `hummingbird-loop`: the same, each connection's task running on its channel's event loop (no hop to
// the concurrency pool), as `switchyard serve` prefers. `relay`: that server forwarding each request's bytes to
// the same path at UPSTREAM_ORIGIN through Switchyard's transport (its own pooled HTTP/1.1 client) and answering with
// the upstream's bytes, a stream chunk by chunk — the gateway's two hops with nothing done between them.
// `nio-relay`: the same relay (whole answers) as SwiftNIO channel handlers that never leave the connection's event
// loop, on keep-alive upstream connections of that loop — the least a gateway written on NIO directly can cost.
// scripts/bench/load.sh --edge-floor drives them beside nginx.

import Hummingbird
import NIOCore
import NIOPosix
import SwitchyardEngine

let arguments = CommandLine.arguments
guard arguments.count >= 3, let port = Int(arguments[2]) else {
    print("usage: EdgeFloor nio|hummingbird|hummingbird-loop PORT, EdgeFloor relay PORT UPSTREAM_ORIGIN, or EdgeFloor nio-relay PORT UPSTREAM_IP UPSTREAM_PORT")
    exit(64)
}

switch arguments[1] {
case "nio":
    try await runNIO(port: port) { FixedAnswerHandler() }
case "nio-relay" where arguments.count == 5:
    let upstream = try SocketAddress(ipAddress: arguments[3], port: Int(arguments[4]) ?? 0)
    var pools: [ObjectIdentifier: NIOUpstreamPool] = [:]
    for eventLoop in MultiThreadedEventLoopGroup.singleton.makeIterator() {
        pools[ObjectIdentifier(eventLoop)] = NIOUpstreamPool(eventLoop: eventLoop, address: upstream)
    }
    try await runNIO(port: port) { [pools] in RelayHandler(pools: pools) }
case "hummingbird":
    try await runHummingbird(port: port, server: .http1(), respond: answerFixed)
case "hummingbird-loop":
    try await runHummingbird(port: port, server: .onConnectionLoop, respond: answerFixed)
case "relay" where arguments.count == 4:
    let origin = arguments[3]
    try await HTTPClientTransport.withTransport { transport in
        try await runHummingbird(port: port, server: .onConnectionLoop) { request in
            try await relay(request, to: origin, through: transport)
        }
    }
default:
    print("unknown server \(arguments[1])")
    exit(64)
}
