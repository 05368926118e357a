/// An untimed run of a workload's row, for `valgrind --tool=cachegrind` (this machine has no
/// hardware counters). The harness runs it twice, with `operations` and with none, so the
/// difference of the two runs' counts is the operations' alone, set-up excluded. Any
/// workload runs: its first variant is prepared as the runner prepares it.
public enum CacheSimulation {
    /// Set up `workload` on a machine of `layout`, then run whole batches of its layout row
    /// (or its floor row) until `operations` are done. Returns the checksum.
    public static func run(layout: LayoutID, workload: WorkloadID, floor: Bool, pageCount: Int,
                           operations: Int, seed: UInt64) throws -> UInt64 {
        guard let variant = workload.variants(quick: true).first else { return 0 }
        let setup = Setup(pageCount: pageCount, seed: seed, references: floor, verify: false, workload: workload.rawValue)
        var visitor = Preparation(workload: workload, variant: variant, setup: setup, hugePageMemmap: false)
        let (rows, _) = try layout.visit(&visitor).get()
        guard let row = rows.first(where: { $0.role == (floor ? .floor : .layout) }) else { return 0 }
        for _ in 0..<operations / row.subject.opsPerBatch { row.subject.warm() }
        return row.subject.checksum
    }

    /// Operations per batch of the workload's layout row on a machine of `pageCount` pages
    /// (prepared once, untimed, to ask it).
    public static func batchSize(layout: LayoutID, workload: WorkloadID, pageCount: Int, seed: UInt64) throws -> Int {
        guard let variant = workload.variants(quick: true).first else { return 1 }
        let setup = Setup(pageCount: pageCount, seed: seed, references: false, verify: false, workload: workload.rawValue)
        var visitor = Preparation(workload: workload, variant: variant, setup: setup, hugePageMemmap: false)
        return try layout.visit(&visitor).get().0.first?.subject.opsPerBatch ?? 1
    }
}
