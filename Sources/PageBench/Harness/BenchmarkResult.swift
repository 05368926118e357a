/// One measured row, before it is written anywhere.
public struct BenchmarkResult: Sendable {
    /// A layout name, `jemalloc` or `floor`.
    public var layout: String
    public var workload: WorkloadID
    /// The variant's parameters; a floor row adds `layout=<the layout it mirrors>`.
    public var variant: String
    public var arenaBytes: Int
    public var measurement: Measurement
    public var metadataBytesPerPage: Double
    public var note: String
}
