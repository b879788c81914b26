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
    ],
    targets: [
        benchmarkTarget("Routing", measuring: ["SwitchyardCore", "SwitchyardEngine"]),
        benchmarkTarget("Translation", measuring: ["SwitchyardCore", "SwitchyardProviders"]),
        benchmarkTarget("Admission", measuring: ["SwitchyardCore", "SwitchyardEngine", "SwitchyardStorage"]),
        benchmarkTarget("Storage", measuring: ["SwitchyardCore", "SwitchyardStorage"]),
    ]
)
