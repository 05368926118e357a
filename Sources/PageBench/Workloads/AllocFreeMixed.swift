import CJemalloc

/// `alloc-free-mixed`: in the machine state (`--state`), free a random live allocation and
/// allocate a folio of a page-cache order in its place. ns per free+alloc. When the order
/// does not fit (fragmentation), an order-0 folio is taken instead and counted; if even
/// that fails the slot stays empty until it is drawn again.
enum AllocFreeMixed: Workload {
    static let hasJemalloc = true
    static let summary = "steady state in the machine state (--state; half-full by default): free a random allocation of the state, allocate a folio of a page-cache order (80 % order 0, 17 % order 2-4, 3 % order 9) in its place; ns per free+alloc."
    static let buildsState = true
    static let opsPerBatch = 1024

    /// Twice the rounds: its paired rounds scatter by 5.9 % (as `LookupRandom.plan`): the
    /// rare order-9 allocations and their compaction land differently in every machine.
    static func plan(_ run: TimingPlan, _: WorkloadVariant) -> TimingPlan { run.scaled(rounds: 2) }

    static func variants(quick _: Bool) -> [WorkloadVariant] { [WorkloadVariant()] }

    static func prepare<L: PageLayout>(_ box: MachineBox<L>, _: WorkloadVariant,
                                       _ setup: Setup) throws(BenchmarkError) -> [PreparedRow] {
        let state = FilledMachine(box.machine, state: setup.state, seed: setup.seed)
        try setup.check(box.machine, "set-up")
        let batch = Pages<L>(machine: box.ref, state: state, random: WorkloadRandom(seed: setup.seed ^ 0x5eed))
        return [.layout(batch, on: box, checking: setup) {
            [Counter(.fallbacks, $0.batch.fallbacks), Counter(.failures, $0.batch.failures)]
        }]
    }

    static func prepareJemalloc(_: WorkloadVariant, _ setup: Setup) -> PreparedRow? {
        .jemalloc(Jemalloc(pages: setup.pageCount, seed: setup.seed), pageCount: setup.pageCount)
    }

    struct Pages<L: PageLayout>: TimedBatch, ~Copyable {
        let machine: MachineRef<L>
        var state: FilledMachine
        var random: WorkloadRandom
        var fallbacks = 0
        var failures = 0

        var opsPerBatch: Int { AllocFreeMixed.opsPerBatch }

        @inline(__always)
        mutating func runBatch() -> UInt64 {
            var sum: UInt64 = 0
            for _ in 0..<opsPerBatch {
                let slot = random.below(state.pages.count)
                let old = state.pages[slot]
                if old.type == .folio { machine.pointee.folioPut(old) } else if old != .none { machine.pointee.free(old) }
                var new = machine.pointee.folioAlloc(order: pageCacheOrder(&random))
                if new == nil {
                    fallbacks += 1
                    new = machine.pointee.folioAlloc(order: 0)
                    if new == nil { failures += 1 }
                }
                let folio = new ?? .none
                state.pages[slot] = folio
                sum &+= UInt64(folio.raw)
            }
            return sum
        }
    }

    /// jemalloc with the same sizes and the same random sequence; frees its blocks when dropped.
    struct Jemalloc: TimedBatch, ~Copyable {
        var live: LiveSet<(UnsafeMutableRawPointer, Int)>
        var random: WorkloadRandom

        init(pages: Int, seed: UInt64) {
            random = WorkloadRandom(seed: seed)
            live = LiveSet(capacity: pages)
            var used = 0
            while used < pages / 2 {
                let size = PageGeometry.pageSize << pageCacheOrder(&random)
                live.append((pb_mallocx_aligned(size, PageGeometry.pageSize), size))
                used += size >> PageGeometry.pageShift
            }
        }

        deinit {
            for i in 0..<live.count { pb_sdallocx_aligned(live[i].0, live[i].1, PageGeometry.pageSize) }
        }

        var opsPerBatch: Int { AllocFreeMixed.opsPerBatch }

        @inline(__always)
        mutating func runBatch() -> UInt64 {
            var sum: UInt64 = 0
            for _ in 0..<opsPerBatch {
                let slot = random.below(live.count)
                let (p, oldSize) = live[slot]
                pb_sdallocx_aligned(p, oldSize, PageGeometry.pageSize)
                let size = PageGeometry.pageSize << pageCacheOrder(&random)
                let new = pb_mallocx_aligned(size, PageGeometry.pageSize).unsafelyUnwrapped
                live[slot] = (new, size)
                sum &+= UInt64(UInt(bitPattern: new))
            }
            return sum
        }
    }
}
