/// An untimed run of a workload's row, for `valgrind --tool=cachegrind` (this machine has no
/// hardware counters). The harness runs it twice, with `operations` and with none, so the
/// difference of the two runs' counts is the operations' alone, set-up excluded. Any
/// workload and any of its variants runs, prepared as the runner prepares it.
public enum CacheSimulation {
    /// Set up `variant` of `workload` (its first when nil) on a machine of `layout`, then run
    /// whole batches of its layout row (or its floor row) until `operations` are done.
    /// `traces` are the `trace` workload's. Returns the checksum.
    public static func run(layout: LayoutID, workload: WorkloadID, variant name: String? = nil, traces: [ReplayTrace] = [],
                           floor: Bool, pageCount: Int, operations: Int, seed: UInt64) throws -> UInt64 {
        guard let variant = Self.variant(name, of: workload, traces: traces) else { return 0 }
        let setup = Setup(pageCount: pageCount, seed: seed, references: floor, verify: false, workload: workload.rawValue,
                          state: variant.state ?? .default, traces: ReplayTrace.byName(traces))
        var visitor = Preparation(workload: workload, variant: variant, setup: setup, hugePageMemmap: false)
        let (rows, _) = try layout.visit(&visitor).get()
        guard let row = rows.first(where: { $0.role == (floor ? .floor : .layout) }) else { return 0 }
        for _ in 0..<operations / row.subject.opsPerBatch { row.subject.warm() }
        return row.subject.checksum
    }

    /// Operations per batch of the variant's layout row on a machine of `pageCount` pages,
    /// and whether the variant has a floor row (prepared once, untimed, to ask it).
    public static func probe(layout: LayoutID, workload: WorkloadID, variant name: String? = nil, traces: [ReplayTrace] = [],
                             pageCount: Int, seed: UInt64) throws -> (opsPerBatch: Int, hasFloor: Bool) {
        guard let variant = Self.variant(name, of: workload, traces: traces) else { return (1, false) }
        let setup = Setup(pageCount: pageCount, seed: seed, references: true, verify: false, workload: workload.rawValue,
                          state: variant.state ?? .default, traces: ReplayTrace.byName(traces))
        var visitor = Preparation(workload: workload, variant: variant, setup: setup, hugePageMemmap: false)
        let rows = try layout.visit(&visitor).get().0
        return (rows.first?.subject.opsPerBatch ?? 1, rows.contains { $0.role == .floor })
    }

    /// The variant of `workload` named `name`, or its first.
    static func variant(_ name: String?, of workload: WorkloadID, traces: [ReplayTrace]) -> WorkloadVariant? {
        let variants = workload.variants(quick: false, traces: traces)
        return name.map { name in variants.first { $0.name == name } } ?? variants.first
    }
}
