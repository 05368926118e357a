/// One results file the report reads: its rows, the per-round samples beside it (what the
/// intervals are computed from) and its sidecar (what ran, from which revision, how long).
public struct ReportRun: Sendable {
    /// The file's name as the report lists it, e.g. `reference.csv`.
    public var name: String
    public var rows: [ResultRow]
    public var samples: [SampleRow]
    /// nil when the run has no sidecar: the report says so rather than guessing.
    public var metadata: RunMetadata?

    /// Run-wide switches that change what a row measures but are recorded only in the
    /// sidecar's settings: their rows get the switch as a variant parameter, so that
    /// `--no-huge-descriptors` rows stand beside the default ones instead of being taken
    /// for the same rows.
    static let switches: [(setting: String, off: String, parameter: String)] = [
        ("huge_page_descriptors", "false", "descriptors=4k"),
        ("huge_page_memmap", "false", "memmap=4k"),
    ]

    public init(name: String, rows: [ResultRow], samples: [SampleRow] = [], metadata: RunMetadata? = nil) {
        let tags = Self.switches.filter { metadata?.settings[$0.setting] == $0.off }.map(\.parameter)
        func tagged(_ variant: String) -> String { ([variant].filter { !$0.isEmpty } + tags).joined(separator: ";") }
        self.name = name
        self.rows = rows.map { var row = $0; row.variant = tagged(row.variant); return row }
        self.samples = samples.map { var sample = $0; sample.variant = tagged(sample.variant); return sample }
        self.metadata = metadata
    }
}
