import CFloor
import CJemalloc

/// `lookup-random`: `page_folio` on uniformly random pfns of the half-full machine, then a
/// read of the memdesc's `_refcount` (`folio_ref_count`). `mode=throughput` issues the
/// lookups independently (the CPU overlaps their misses); `mode=latency` chains them, each
/// pfn depending on the previous lookup's `_refcount` (`LookupMode`).
enum LookupRandom: Workload {
    static let hasJemalloc = true
    static let summary = "page_folio / pfn_to_memdesc on random pfns of the machine state, reading the memdesc's _refcount: independent lookups (mode=throughput) or each pfn depending on the previous lookup's result, a pointer chase (mode=latency); ns per lookup."
    static let buildsState = true
    static let hasFloor = true

    /// Twice the rounds: its paired rounds scattered by 4.3 % (the standard deviation of the
    /// per-round log ratios to `legacy64`, median over its ratios, `reference.samples.csv`
    /// at `e6e9d9c`), 6 rounds giving ±4.5 % against a ±3 % target (README, "Rounds where
    /// the scatter is"). With them and latency batches of 512 (`LookupMode.opsPerBatch`),
    /// the latency ratios still reach ±10.6 % (`memdesc8-bitmap`, `reference.csv` at `6e9caa6`).
    static func plan(_ run: TimingPlan, _: WorkloadVariant) -> TimingPlan { run.scaled(rounds: 2) }

    static func variants(quick _: Bool) -> [WorkloadVariant] {
        [Throughput.name, Latency.name].map { WorkloadVariant(extra: "mode=\($0)") }
    }

    static func prepare<L: PageLayout>(_ box: MachineBox<L>, _ variant: WorkloadVariant,
                                       _ setup: Setup) throws(BenchmarkError) -> [PreparedRow] {
        let state = FilledMachine(box.machine, state: setup.state, seed: setup.seed)
        try setup.check(box.machine, "set-up")
        // The allocations stay in the machine; dropping the state drops only its handles.
        return variant.parameter("mode") == Latency.name
            ? rowsWithFloor(box, Latency.self, seed: setup.seed, references: setup.references, counters: state.counters)
            : rowsWithFloor(box, Throughput.self, seed: setup.seed, references: setup.references, counters: state.counters)
    }

    /// A lookup row and, with references, its floor over the same pfn sequence; the floor
    /// starts 2^40 lookups ahead, so neither finds the other's lines in cache however many
    /// batches each warms up and runs (a round does well under 2^32).
    static func rowsWithFloor<L: PageLayout, M: LookupMode>(_ box: MachineBox<L>, _: M.Type, seed: UInt64,
                                                            references: Bool, counters: [Counter]) -> [PreparedRow] {
        let row = PreparedRow.layout(Pages<L, M>(machine: box.ref, random: WorkloadRandom(seed: seed)), on: box) { _ in counters }
        guard references else { return [row] }
        let ahead = WorkloadRandom(seed: seed).skipping(1 << 40)
        return [row, .floor(Floor<L, M>(machine: box.ref, random: ahead), on: box)]
    }

    static func prepareJemalloc(_ variant: WorkloadVariant, _ setup: Setup) -> PreparedRow? {
        let blocks = min(setup.pageCount / 2, 1 << 20)
        return variant.parameter("mode") == Latency.name
            ? .jemalloc(Jemalloc<Latency>(blocks: blocks, seed: setup.seed), pageCount: setup.pageCount)
            : .jemalloc(Jemalloc<Throughput>(blocks: blocks, seed: setup.seed), pageCount: setup.pageCount)
    }

    struct Pages<L: PageLayout, M: LookupMode>: TimedBatch {
        let machine: MachineRef<L>
        var random: WorkloadRandom
        var opsPerBatch: Int { M.opsPerBatch }

        @inline(__always)
        mutating func runBatch() -> UInt64 {
            var sum: UInt64 = 0, refcount: UInt64 = 0
            let layout = machine.pointee.layout, n = machine.pointee.pageCount
            let mask = M.mask(zeroWord: layout.zeroDescriptor)
            for _ in 0..<opsPerBatch {
                let folio = layout.pageFolio(M.chain(random.below(n), after: refcount, mask: mask))
                refcount = UInt64(UInt32(bitPattern: FolioField.refcount.load(folio)))
                sum &+= refcount
            }
            return sum
        }
    }

    /// The same loads in C over the same memmap and pfn sequence, chained as `M` says.
    struct Floor<L: PageLayout, M: LookupMode>: TimedBatch {
        let machine: MachineRef<L>
        var random: WorkloadRandom
        var opsPerBatch: Int { M.opsPerBatch }

        mutating func runBatch() -> UInt64 {
            let layout = machine.pointee.layout
            let memmap = UnsafeRawPointer(layout.memmap), zero = layout.zeroDescriptor
            let n = UInt64(machine.pointee.pageCount), ops = UInt64(opsPerBatch)
            let stride = UInt64(L.pageDescriptorSize)
            switch (L.floorPattern, M.chained) {
            case (.compoundHead, false):
                return floor_lookup_compound_head(memmap, n, ops, &random.state)
            case (.compoundHead, true):
                return floor_chase_compound_head(memmap, n, ops, M.mask(zeroWord: zero), &random.state)
            case let (.taggedWord(offset, tags, _), false):
                return floor_lookup_tagged_word(memmap, stride, offset, UInt64(tags), n, ops, zero, &random.state)
            case let (.taggedWord(offset, tags, _), true):
                return floor_chase_tagged_word(memmap, stride, offset, UInt64(tags), n, ops, zero,
                                               M.mask(zeroWord: zero), &random.state)
            }
        }
    }

    /// jemalloc: `sallocx` of a random live 4 KiB block (its rtree walk from address to
    /// extent is jemalloc's pfn-to-metadata lookup), chained as `M` says through the size it
    /// returns. Frees its blocks when dropped.
    struct Jemalloc<M: LookupMode>: TimedBatch, ~Copyable {
        var blocks: LiveSet<UnsafeMutableRawPointer>
        var random: WorkloadRandom
        /// A word of zeros for `M.mask`, in memory the compiler cannot see into.
        let zero: UnsafeMutablePointer<UInt64>
        var opsPerBatch: Int { M.opsPerBatch }

        init(blocks count: Int, seed: UInt64) {
            blocks = LiveSet(capacity: count)
            for _ in 0..<count { blocks.append(pb_mallocx_aligned(PageGeometry.pageSize, PageGeometry.pageSize)) }
            random = WorkloadRandom(seed: seed)
            zero = .allocate(capacity: 1)
            zero.initialize(to: 0)
        }

        deinit {
            for i in 0..<blocks.count { pb_sdallocx_aligned(blocks[i], PageGeometry.pageSize, PageGeometry.pageSize) }
            zero.deallocate()
        }

        @inline(__always)
        mutating func runBatch() -> UInt64 {
            var sum: UInt64 = 0, size: UInt64 = 0
            let mask = M.mask(zeroWord: zero)
            for _ in 0..<opsPerBatch {
                size = UInt64(pb_sallocx(blocks[M.chain(random.below(blocks.count), after: size, mask: mask)]))
                sum &+= size
            }
            return sum
        }
    }
}
