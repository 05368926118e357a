import CFloor
import CJemalloc

/// `lookup-random`: `page_folio` on uniformly random pfns of the half-full machine, then a
/// read of the memdesc's `_refcount` (`folio_ref_count`).
enum LookupRandom: Workload {
    static let hasJemalloc = true
    static let summary = "page_folio / pfn_to_memdesc on random pfns of a half-allocated machine, reading the memdesc's _refcount; ns per lookup."
    static let usesState = true
    static let hasFloor = true
    static let opsPerBatch = 4096

    static func variants(quick _: Bool) -> [WorkloadVariant] { [WorkloadVariant()] }

    static func prepare<L: PageLayout>(_ box: MachineBox<L>, _: WorkloadVariant,
                                       _ setup: Setup) throws(BenchmarkError) -> [PreparedRow] {
        let state = FilledMachine(box.machine, state: setup.state, seed: setup.seed)
        try setup.check(box.machine, "set-up")
        // The allocations stay in the machine; dropping the state drops only its handles.
        return rowsWithFloor(box, seed: setup.seed, references: setup.references, counters: state.counters)
    }

    /// A lookup row and, with references, its floor over the same pfn sequence; the floor
    /// runs 1024 batches (4 Mi lookups) ahead, so neither finds the other's lines in cache.
    static func rowsWithFloor<L: PageLayout>(_ box: MachineBox<L>, seed: UInt64, references: Bool,
                                             counters: [Counter]) -> [PreparedRow] {
        let row = PreparedRow.layout(Pages(machine: box.ref, random: WorkloadRandom(seed: seed)), on: box) { _ in counters }
        guard references else { return [row] }
        return [row, .floor(Floor(machine: box.ref, random: WorkloadRandom(seed: seed).skipping(1024 * opsPerBatch)), on: box)]
    }

    static func prepareJemalloc(_: WorkloadVariant, _ setup: Setup) -> PreparedRow? {
        .jemalloc(Jemalloc(blocks: min(setup.pageCount / 2, 1 << 20), seed: setup.seed), pageCount: setup.pageCount)
    }

    struct Pages<L: PageLayout>: TimedBatch {
        let machine: MachineRef<L>
        var random: WorkloadRandom
        var opsPerBatch: Int { LookupRandom.opsPerBatch }

        @inline(__always)
        mutating func runBatch() -> UInt64 {
            var sum: UInt64 = 0
            let layout = machine.pointee.layout, n = machine.pointee.pageCount
            for _ in 0..<opsPerBatch {
                let folio = layout.pageFolio(random.below(n))
                sum &+= UInt64(UInt32(bitPattern: FolioField.refcount.load(folio)))
            }
            return sum
        }
    }

    /// The same loads in C over the same memmap and pfn sequence.
    struct Floor<L: PageLayout>: TimedBatch {
        let machine: MachineRef<L>
        var random: WorkloadRandom
        var opsPerBatch: Int { LookupRandom.opsPerBatch }

        mutating func runBatch() -> UInt64 {
            let memmap = UnsafeRawPointer(machine.pointee.layout.memmap)
            let n = UInt64(machine.pointee.pageCount), ops = UInt64(opsPerBatch)
            switch L.floorPattern {
            case .compoundHead:
                return floor_lookup_compound_head(memmap, n, ops, &random.state)
            case .twoWords:
                return floor_lookup_tagged_word(memmap, UInt64(L.pageDescriptorSize), 8, n, ops,
                                                machine.pointee.layout.zeroDescriptor, &random.state)
            }
        }
    }

    /// jemalloc: `sallocx` of a random live 4 KiB block (its rtree walk from address to
    /// extent is jemalloc's pfn-to-metadata lookup). Frees its blocks when dropped.
    struct Jemalloc: TimedBatch, ~Copyable {
        var blocks: LiveSet<UnsafeMutableRawPointer>
        var random: WorkloadRandom
        var opsPerBatch: Int { LookupRandom.opsPerBatch }

        init(blocks count: Int, seed: UInt64) {
            blocks = LiveSet(capacity: count)
            for _ in 0..<count { blocks.append(pb_mallocx_aligned(PageGeometry.pageSize, PageGeometry.pageSize)) }
            random = WorkloadRandom(seed: seed)
        }

        deinit {
            for i in 0..<blocks.count { pb_sdallocx_aligned(blocks[i], PageGeometry.pageSize, PageGeometry.pageSize) }
        }

        @inline(__always)
        mutating func runBatch() -> UInt64 {
            var sum: UInt64 = 0
            for _ in 0..<opsPerBatch { sum &+= UInt64(pb_sallocx(blocks[random.below(blocks.count)])) }
            return sum
        }
    }
}
