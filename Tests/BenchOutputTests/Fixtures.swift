import Foundation
@testable import BenchOutput

/// A result row with every field set, overridable where a test cares. `ns` is the estimate;
/// the interval is ±2.5 % of it over 5 rounds unless given, to the CSV's 3 decimals so rows
/// survive a round trip.
func makeRow(
    layout: String = "legacy64", workload: String = "alloc_free", variant: String = "order=0;batch=16",
    ns: Double = 10.5, low: Double? = nil, high: Double? = nil, rounds: Int = 5,
    median: Double? = nil, min: Double = 10.0, max: Double = 11.25,
    counters: [Counter] = [], note: String = "", checksum: UInt64 = 0x1234_abcd
) -> ResultRow {
    ResultRow(
        layout: layout, workload: workload, variant: variant,
        arenaBytes: 64 << 20, rounds: rounds, opsPerRep: 1_000_000, reps: 7 * rounds,
        nsPerOp: ns, ciLow: low ?? threeDecimals(ns * 0.975), ciHigh: high ?? threeDecimals(ns * 1.025),
        nsPerOpMedian: median ?? ns, nsPerOpMin: min, nsPerOpMax: max,
        metadataBytesPerPage: 64.0, batchP50Ns: 150.125, batchP99Ns: 900.5, opsPerBatch: 16,
        checksum: checksum, counters: counters, note: note)
}

func threeDecimals(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }

/// Whether two intervals agree to `tolerance` in every bound (exp and log cost a few ulps).
func close(_ a: Interval?, _ b: Interval, tolerance: Double = 1e-12) -> Bool {
    guard let a, a.n == b.n else { return false }
    return zip([a.estimate, a.low, a.high], [b.estimate, b.low, b.high]).allSatisfy { abs($0 - $1) <= tolerance * abs($1) }
}

/// One sample per value, rounds numbered from 1, each the faster half of its repetitions,
/// for the row `makeRow` makes with the same layout, workload and variant.
func makeSamples(layout: String = "legacy64", workload: String = "alloc_free", variant: String = "order=0;batch=16",
                 _ values: [Double]) -> [SampleRow] {
    values.enumerated().map { i, value in
        SampleRow(layout: layout, workload: workload, variant: variant, arenaBytes: 64 << 20, round: i + 1,
                  nsPerOp: value, opsPerRep: 1_000_000, repNsPerOp: [value * 1.05, value * 0.99, value * 1.01], cpu: 3)
    }
}

/// A fresh empty directory under the system temp directory, removed by the caller.
func makeTempDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "BenchOutputTests-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
    return path
}

func fileText(_ path: String) -> String? {
    FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
}

/// The one-line message of a `BenchOutputError` thrown by `body`, or nil if it did not throw.
func errorMessage(_ body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch {
        return (error as? BenchOutputError)?.message ?? "not a BenchOutputError: \(error)"
    }
}
