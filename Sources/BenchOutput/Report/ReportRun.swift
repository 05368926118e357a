/// One results file the report reads: its rows, the per-round samples beside it (what the
/// intervals are computed from) and its sidecar (what ran, from which revision, how long).
public struct ReportRun: Sendable {
    /// The file's name as the report lists it, e.g. `reference.csv`.
    public var name: String
    public var rows: [ResultRow]
    public var samples: [SampleRow]
    /// nil when the run has no sidecar: the report says so rather than guessing.
    public var metadata: RunMetadata?

    public init(name: String, rows: [ResultRow], samples: [SampleRow] = [], metadata: RunMetadata? = nil) {
        self.name = name
        self.rows = rows
        self.samples = samples
        self.metadata = metadata
    }
}
