import Foundation
@testable import BenchOutput

/// A result row with every field set, overridable where a test cares.
func makeRow(
    layout: String = "legacy64", workload: String = "alloc_free", variant: String = "order=0;batch=16",
    median: Double = 10.5, min: Double = 10.0, max: Double = 11.25, note: String = "",
    checksum: UInt64 = 0x1234_abcd
) -> ResultRow {
    ResultRow(
        layout: layout, workload: workload, variant: variant,
        arenaBytes: 64 << 20, opsPerRep: 1_000_000, reps: 7,
        nsPerOpMedian: median, nsPerOpMin: min, nsPerOpMax: max,
        metadataBytesPerPage: 64.0, batchP50Ns: 150.125, batchP99Ns: 900.5, opsPerBatch: 16,
        checksum: checksum, note: note)
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
