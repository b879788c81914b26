// swift-tools-version:6.1
import PackageDescription

// Benchmarks live in their own package so the main graph never resolves the benchmark library.
// Run: cd Benchmarks && swift package --disable-sandbox benchmark [--target Routing|Translation|Admission]
let package = Package(
    name: "switchyard-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "switchyard", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "Routing",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "SwitchyardCore", package: "switchyard"),
                .product(name: "SwitchyardEngine", package: "switchyard"),
            ],
            path: "Benchmarks/Routing",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark"),
            ]
        ),
        .executableTarget(
            name: "Translation",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "SwitchyardCore", package: "switchyard"),
                .product(name: "SwitchyardProviders", package: "switchyard"),
            ],
            path: "Benchmarks/Translation",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark"),
            ]
        ),
        .executableTarget(
            name: "Admission",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "SwitchyardCore", package: "switchyard"),
                .product(name: "SwitchyardEngine", package: "switchyard"),
                .product(name: "SwitchyardStorage", package: "switchyard"),
            ],
            path: "Benchmarks/Admission",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark"),
            ]
        ),
    ]
)
