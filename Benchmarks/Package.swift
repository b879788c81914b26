// swift-tools-version:6.1
import PackageDescription

// Benchmarks live in their own package so the main graph never resolves the benchmark library.
// Run: cd Benchmarks && swift package --disable-sandbox benchmark [--target Routing|Translation|Admission|Storage]

/// One benchmark executable in `Benchmarks/NAME`, built against the named Switchyard modules.
func benchmarkTarget(_ name: String, measuring modules: [String]) -> Target {
    .executableTarget(
        name: name,
        dependencies: [.product(name: "Benchmark", package: "benchmark")]
            + modules.map { .product(name: $0, package: "switchyard") },
        path: "Benchmarks/\(name)",
        plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    )
}

let package = Package(
    name: "switchyard-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "switchyard", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        benchmarkTarget("Routing", measuring: ["SwitchyardCore", "SwitchyardEngine"]),
        benchmarkTarget("Translation", measuring: ["SwitchyardCore", "SwitchyardProviders"]),
        benchmarkTarget("Admission", measuring: ["SwitchyardCore", "SwitchyardEngine", "SwitchyardStorage"]),
        benchmarkTarget("Storage", measuring: ["SwitchyardCore", "SwitchyardStorage"]),
        // Not a benchmark: the HTTP servers alone, and a relay with no gateway work (scripts/bench/load.sh --edge-floor).
        .executableTarget(
            name: "EdgeFloor",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "SwitchyardCore", package: "switchyard"),
                .product(name: "SwitchyardEngine", package: "switchyard"),
            ],
            path: "EdgeFloor"
        ),
    ]
)
