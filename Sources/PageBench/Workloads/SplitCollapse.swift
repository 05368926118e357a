/// Split and collapse. `op=split+collapse`: an order-9 folio split into 512 order-0 folios
/// and collapsed back in place (khugepaged), ns per cycle. `op=split-no-memory`: with memory
/// full, the memdesc layouts cannot allocate the 512 small descriptors a split needs and the
/// split fails cleanly (nothing changed); `legacy64` needs no memory to split, so its
/// attempts succeed and are collapsed back. ns per attempt; attempts and failures counted.
enum SplitCollapse: Workload {
    static let summary = "split an order-9 folio into 512 order-0 folios and collapse them back in place (ns per cycle); then, with memory full, splits that must fail in the memdesc layouts (ns per attempt)."
    /// THPs per batch.
    static let folios = 8

    /// `--quick`: split and collapse only (to keep it within 20 s).
    static func variants(quick: Bool) -> [WorkloadVariant] {
        [WorkloadVariant(extra: "op=split+collapse")] + (quick ? [] : [WorkloadVariant(extra: "op=split-no-memory")])
    }

    static func skipReason(_ variant: WorkloadVariant, pageCount: Int) -> String? {
        variant.lacksRoom(for: folios << PageGeometry.thpOrder, pageCount: pageCount, share: 0.5)
    }

    static func prepare<L: PageLayout>(_ box: MachineBox<L>, _ variant: WorkloadVariant,
                                       _ setup: Setup) throws(BenchmarkError) -> [PreparedRow] {
        var heads = LiveSet<Int>(capacity: folios)
        while heads.count < folios, let f = box.machine.folioAlloc(order: PageGeometry.thpOrder) {
            heads.append(box.machine.layout.headPFN(of: f))
        }
        guard heads.count == folios else {
            throw .invariants(layout: L.name, workload: setup.workload, problems: ["\(folios) THPs do not fit the arena"])
        }
        let noMemory = variant.parameter("op") == "split-no-memory"
        // Memory full: the largest folios first, so filling takes thousands of allocations, not a million.
        if noMemory {
            for order in (0...PageGeometry.maxOrder).reversed() { while box.machine.folioAlloc(order: order) != nil {} }
            // Folios come from the buddy allocator only; the free pages the descriptor
            // pageblocks still hold (`UnmovableBlocks`) would let every split succeed. In the
            // kernel a full machine has none left anywhere: they are taken out for good, so
            // the split's 512 descriptors find no memory.
            while let pfn = box.machine.slab.unmovable?.allocate() { box.machine.reserve(pfn, order: 0) }
        }
        return [.layout(Cycles(machine: box.ref, heads: heads), on: box, checking: setup) {
            noMemory ? [Counter(.attempts, $0.batch.attempts), Counter(.failed, $0.batch.failed)] : []
        }]
    }

    /// Each THP split to order 0 and, when the split worked, collapsed back.
    struct Cycles<L: PageLayout>: TimedBatch, ~Copyable {
        let machine: MachineRef<L>
        let heads: LiveSet<Int>
        var attempts = 0
        var failed = 0

        var opsPerBatch: Int { SplitCollapse.folios }

        @inline(__always)
        mutating func runBatch() -> UInt64 {
            var sum: UInt64 = 0
            for i in 0..<heads.count {
                let thp = machine.pointee.layout.memdesc(ofPFN: heads[i])
                attempts += 1
                guard let pieces = machine.pointee.split(thp, to: 0) else { failed += 1; continue }
                sum &+= UInt64(pieces)
                sum &+= UInt64(machine.pointee.collapse(heads[i], order: PageGeometry.thpOrder)?.raw ?? 0)
            }
            return sum
        }
    }
}
