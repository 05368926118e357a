import CFloor

/// `lookup-scan`: walk every pfn like compaction's free and migrate scanners, classify the
/// block by type and skip it by its order. A batch is one whole walk; ns per pfn.
enum LookupScan: Workload {
    static let summary = "walk every pfn like compaction's scanner, classifying each block (free, folio, slab, page table, netmem) and skipping it by its order; ns per pfn."
    static let buildsState = true
    static let hasFloor = true

    static func variants(quick _: Bool) -> [WorkloadVariant] { [WorkloadVariant()] }

    /// Twice the rounds: in five committed default runs (two at `3e51887`, `c9cb200`'s with
    /// `--seed 2`, two at `8d76b2b`) its paired rounds scattered by 1.8 to 3.9 % (median 2.4;
    /// standard deviation of the per-round log ratios to `legacy64`, median over its ratios),
    /// which 6 rounds turn into ±1.9 to ±4.0 % against a ±3 % target (README, "Rounds where
    /// the scatter is").
    static func plan(_ run: TimingPlan, _: WorkloadVariant) -> TimingPlan { run.scaled(rounds: 2) }

    static func prepare<L: PageLayout>(_ box: MachineBox<L>, _: WorkloadVariant,
                                       _ setup: Setup) throws(BenchmarkError) -> [PreparedRow] {
        let state = FilledMachine(box.machine, state: setup.state, seed: setup.seed)
        try setup.check(box.machine, "set-up")
        return rowsWithFloor(box, references: setup.references, counters: state.counters)
    }

    /// The scan and, with references, its floor.
    static func rowsWithFloor<L: PageLayout>(_ box: MachineBox<L>, references: Bool, counters: [Counter]) -> [PreparedRow] {
        let n = box.machine.pageCount
        let row = PreparedRow.layout(Pages(machine: box.ref, pageCount: n), on: box) { _ in counters }
        return references ? [row, .floor(Floor(machine: box.ref, pageCount: n), on: box)] : [row]
    }

    struct Pages<L: PageLayout>: TimedBatch {
        let machine: MachineRef<L>
        let pageCount: Int
        var opsPerBatch: Int { pageCount }
        static var warmsEachTurn: Bool { true }

        @inline(__always)
        mutating func runBatch() -> UInt64 { walk(machine.pointee.layout, from: 0, to: pageCount) }
    }

    /// The walk over pfns `from..<to`, block by block.
    @inline(__always)
    static func walk<L: PageLayout>(_ layout: L, from: Int, to end: Int) -> UInt64 {
        var pfn = from, sum: UInt64 = 0
        while pfn < end {
            let (type, order) = layout.classify(pfn)
            sum &+= UInt64(type.ordinal)
            // The step to the next block is the scan's critical path: a masking shift
            // and a wrapping add (orders are at most 10), not Swift's checked ones.
            pfn &+= 1 &<< order
        }
        return sum
    }

    struct Floor<L: PageLayout>: TimedBatch {
        let machine: MachineRef<L>
        let pageCount: Int
        var opsPerBatch: Int { pageCount }
        static var warmsEachTurn: Bool { true }

        mutating func runBatch() -> UInt64 {
            let memmap = UnsafeRawPointer(machine.pointee.layout.memmap)
            switch L.floorPattern {
            case .compoundHead:
                return floor_scan_legacy64(memmap, UInt64(pageCount), UInt64(NetmemField.signature))
            case let .taggedWord(_, _, .orderInWord0(shift, mask)):
                return floor_scan_word_order(memmap, UInt64(pageCount), shift, mask)
            case let .taggedWord(_, tags, .orderInWordOrMemdesc(shift, mask)):
                return floor_scan_memdesc8(memmap, UInt64(pageCount), UInt64(tags), shift, mask)
            case let .taggedWord(_, tags, .orderInPrivateOrMemdesc(buddyFlag)):
                return floor_scan_interim32(memmap, UInt64(pageCount), UInt64(tags), buddyFlag)
            }
        }
    }
}
