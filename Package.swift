// swift-tools-version:6.1
// The struct page layout benchmark harness. See README.md.
import PackageDescription

/// Hot paths are generic over `PageLayout` and must be specialised: they live in one module
/// (`PageBench`, whole-module optimised) and are entered through a concrete `switch` over
/// `LayoutID`, never through `any PageLayout`.
///
/// LLVM's x86 cmov converter turns a select on a loop's critical path into a branch when it
/// guesses the branch predicts well. In a pointer chase (`lookup-random mode=latency`) a
/// predicted branch lets the next lookup start before this one's loads return, which made
/// memdesc8's chained lookups 47 ns against its floor's 191; off, `page_folio`'s `?:` stays a
/// cmov in every layout, as in the C floor, which is built the same way.
let hotFlags = ["-enforce-exclusivity=unchecked", "-Xllvm", "-x86-cmov-converter=false"]

/// `swift run benchmarks` builds the debug configuration: the timed module is optimised
/// there too (`-O`, whole-module, one object per file as SwiftPM's output map expects), so
/// what users type times optimised code; `isOptimizedBuild` checks it at run time. The
/// other modules stay debug builds.
let hotSettings: [SwiftSetting] = [
    .unsafeFlags(hotFlags, .when(configuration: .release)),
    .unsafeFlags(["-O", "-wmo", "-num-threads", "2"] + hotFlags, .when(configuration: .debug)),
]

/// The command line times nothing itself: optimised in release only.
let commandSettings: [SwiftSetting] = [.unsafeFlags(hotFlags, .when(configuration: .release))]

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
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
    ],
    targets: [
        .target(
            name: "PageBench",
            dependencies: [
                "CFloor",
                "CJemalloc",
                "CMemfd",
                "CZstd",
                .product(name: "Atomics", package: "swift-atomics"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ],
            swiftSettings: hotSettings
        ),
        /// The memory floor: each lookup's loads in plain C (-O2, like the kernel).
        .target(name: "CFloor", cSettings: [.unsafeFlags(["-O2", "-mllvm", "-x86-cmov-converter=false"])]),
        /// memfd_create and hole punching, for the HVO layout's remappable memmap.
        .target(name: "CMemfd"),
        /// Debian's libzstd-dev: the trace files' compression.
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        /// Debian's libjemalloc-dev; linking it makes it the process's malloc.
        .systemLibrary(name: "CJemalloc", pkgConfig: "jemalloc",
                       providers: [.apt(["libjemalloc-dev"])]),
        .executableTarget(
            name: "benchmarks",
            dependencies: [
                "PageBench",
                "BenchOutput",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Benchmarks",
            swiftSettings: commandSettings
        ),
        /// Rows, CSV, formats, comparisons and the run's sidecar: not timed code.
        .target(name: "BenchOutput"),
        .testTarget(
            name: "PageBenchTests",
            dependencies: ["PageBench", "BenchOutput"]
        ),
        .testTarget(name: "BenchOutputTests", dependencies: ["BenchOutput"]),
    ]
)
