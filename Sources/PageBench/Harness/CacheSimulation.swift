/// An untimed run of a lookup workload, for `valgrind --tool=cachegrind` (this machine has no
/// hardware counters). The harness runs it twice, with `operations` and with none, so the
/// difference of the two runs' counts is the lookups' alone, set-up excluded.
public enum CacheSimulation {
    /// Set up the half-full machine of `layout`, then do `operations` lookups (random) or
    /// whole scans (scan), through the layout or through its C floor.
    public static func run(layout: LayoutID, workload: WorkloadID, floor: Bool, pageCount: Int,
                           operations: Int, seed: UInt64) throws -> UInt64 {
        var visitor = Visitor(workload: workload, floor: floor, pageCount: pageCount, operations: operations, seed: seed)
        return try layout.visit(&visitor).get()
    }

    /// Lookups per `operations` unit: random lookups come in batches, scans one at a time.
    public static func batchSize(_ workload: WorkloadID, pageCount: Int) -> Int {
        workload == .lookupRandom ? LookupRandom.opsPerBatch : pageCount
    }

    struct Visitor: LayoutVisitor {
        let workload: WorkloadID
        let floor: Bool
        let pageCount: Int
        let operations: Int
        let seed: UInt64

        mutating func visit<L: PageLayout>(_: L.Type) -> Result<UInt64, MachineError> {
            Result { () throws(MachineError) in
                let machine = try Machine<L>(pageCount: pageCount, hugePageMemmap: false)
                let state = HalfFullMachine(machine, seed: seed)
                let batches = operations / CacheSimulation.batchSize(workload, pageCount: pageCount)
                let sum = withUnsafePointer(to: machine) { ref in
                    var sum: UInt64 = 0
                    switch (workload, floor) {
                    case (.lookupRandom, false):
                        var b = LookupRandom.Pages<L>(machine: ref, random: WorkloadRandom(seed: seed))
                        for _ in 0..<batches { sum &+= b.runBatch() }
                    case (.lookupRandom, true):
                        var b = LookupRandom.Floor<L>(machine: ref, random: WorkloadRandom(seed: seed))
                        for _ in 0..<batches { sum &+= b.runBatch() }
                    case (_, false):
                        var b = LookupScan.Pages<L>(machine: ref, pageCount: pageCount)
                        for _ in 0..<batches { sum &+= b.runBatch() }
                    case (_, true):
                        var b = LookupScan.Floor<L>(machine: ref, pageCount: pageCount)
                        for _ in 0..<batches { sum &+= b.runBatch() }
                    }
                    return sum
                }
                state.release(machine)
                return sum
            }
        }
    }
}
