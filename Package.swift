// swift-tools-version:6.1
// The struct page layout benchmark harness. See README.md.
import PackageDescription

/// Hot paths are generic over `PageLayout` and must be specialised: they live in one module
/// (`PageBench`, whole-module optimised in release) and are entered through a concrete
/// `switch` over `LayoutID`, never through `any PageLayout`.
let hotSettings: [SwiftSetting] = [
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]

let package = Package(
    name: "struct-page-bench",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "benchmarks", targets: ["benchmarks"]),
        .library(name: "PageBench", targets: ["PageBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-atomics", from: "1.3.0"),
    ],
    targets: [
        .target(
            name: "PageBench",
            dependencies: [.product(name: "Atomics", package: "swift-atomics")],
            swiftSettings: hotSettings
        ),
        .executableTarget(
            name: "benchmarks",
            dependencies: [
                "PageBench",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Benchmarks",
            swiftSettings: hotSettings
        ),
        .testTarget(
            name: "PageBenchTests",
            dependencies: ["PageBench"]
        ),
    ]
)
