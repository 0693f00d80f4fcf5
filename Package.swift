// swift-tools-version: 6.1
import Foundation
import PackageDescription

let package = Package(
    name: "AlignmentScale",
    platforms: [.macOS(.v13)],
    // MARK: - Products
    products: [
        // The pure core: the scale, scenarios, the exact model and optimisation. Foundation only.
        .library(name: "AlignmentScale", targets: ["AlignmentScale"]),
        // File formats (YAML, JSON, CSV) and report rendering, shared by the CLI and a later server.
        .library(name: "AlignmentScaleIO", targets: ["AlignmentScaleIO"]),
        // The application layer: typed analysis requests, one runner, the composed report.
        .library(name: "AlignmentScaleApp", targets: ["AlignmentScaleApp"]),
        // The web explorer and JSON API (Hummingbird), with its pages as resources.
        .library(name: "AlignmentScaleServer", targets: ["AlignmentScaleServer"]),
        // SVG charts (axes, ticks, bands, lines, legends), independent of the model.
        .library(name: "SVGCharts", targets: ["SVGCharts"]),
        // The store of survey responses (SQLite through GRDB).
        .library(name: "AlignmentScaleStore", targets: ["AlignmentScaleStore"]),
        .executable(name: "alignscale", targets: ["alignscale"]),
        .executable(name: "alignscale-bench", targets: ["alignscale-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // The compute pools stop with the server (Hummingbird runs its services).
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // Only for `swift package generate-documentation` (scripts/docs); nothing links it.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // MARK: - Layers (dependencies point one way: core ← I/O, store, charts ← app ← server ← CLI)
        .target(name: "AlignmentScale"),
        .target(
            name: "AlignmentScaleIO",
            dependencies: ["AlignmentScale", "SVGCharts", .product(name: "Yams", package: "Yams")]
        ),
        .target(name: "SVGCharts"),
        .target(name: "AlignmentScaleApp", dependencies: ["AlignmentScale", "AlignmentScaleIO", "SVGCharts"]),
        .target(
            name: "AlignmentScaleStore",
            dependencies: [
                "AlignmentScale", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "AlignmentScaleServer",
            dependencies: [
                "AlignmentScale", "AlignmentScaleIO", "AlignmentScaleApp", "AlignmentScaleStore", "SVGCharts",
                .product(name: "Hummingbird", package: "hummingbird"), .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            // The pages are compiled into the binary (see Plugins/EmbedPages), not shipped as a bundle.
            exclude: ["Public"],
            plugins: [.plugin(name: "EmbedPages")]
        ),
        .executableTarget(
            name: "alignscale",
            dependencies: [
                "AlignmentScale", "AlignmentScaleIO", "AlignmentScaleApp", "AlignmentScaleStore", "AlignmentScaleServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // MARK: - Build tools
        .plugin(name: "EmbedPages", capability: .buildTool(), dependencies: ["embed-pages"]),
        .executableTarget(name: "embed-pages", path: "Plugins/EmbedPagesTool"),
        // MARK: - Benchmarks (release builds only; see Benchmarks/README.md)
        .executableTarget(
            name: "alignscale-bench",
            dependencies: ["AlignmentScale", "AlignmentScaleIO", "TestSupport"],
            path: "Benchmarks/alignscale-bench"
        ),
        // MARK: - Tests (mirror the sources)
        .target(name: "TestSupport", dependencies: ["AlignmentScale"], path: "Tests/TestSupport"),
        .testTarget(name: "AlignmentScaleTests", dependencies: ["AlignmentScale", "TestSupport"]),
        .testTarget(
            name: "AlignmentScaleIOTests",
            dependencies: ["AlignmentScale", "AlignmentScaleIO", "TestSupport"]
        ),
        .testTarget(name: "SVGChartsTests", dependencies: ["SVGCharts"]),
        .testTarget(
            name: "AlignmentScaleAppTests",
            dependencies: ["AlignmentScale", "AlignmentScaleIO", "AlignmentScaleApp", "TestSupport"]
        ),
        .testTarget(
            name: "AlignmentScaleServerTests",
            dependencies: [
                "AlignmentScale", "AlignmentScaleServer", "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "AlignmentScaleStoreTests",
            dependencies: [
                "AlignmentScale", "AlignmentScaleIO", "AlignmentScaleStore", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "alignscaleTests",
            dependencies: [
                "alignscale", "AlignmentScale", "AlignmentScaleIO", "AlignmentScaleApp", "AlignmentScaleStore", "TestSupport",
            ]
        ),
    ]
)

// MARK: - Fuzzing (only with ALIGNSCALE_FUZZ=1; see scripts/fuzz)
// libFuzzer supplies `main`, so these targets link only when built with `--sanitize fuzzer`.
if ProcessInfo.processInfo.environment["ALIGNSCALE_FUZZ"] == "1" {
    for name in ["fuzz-scenario", "fuzz-scale", "fuzz-respondents", "fuzz-request", "fuzz-aliases"] {
        package.targets.append(
            .executableTarget(
                name: name, dependencies: ["AlignmentScale", "AlignmentScaleIO", "AlignmentScaleApp"],
                path: "Fuzz/Targets/\(name)",
                swiftSettings: [.unsafeFlags(["-parse-as-library"])]))
    }
}
