import CJemalloc

/// `alloc-free`: B folios of order o allocated, then freed in reverse. ns per pair.
enum AllocFree: Workload {
    static let hasJemalloc = true
    static let summary = "folio_alloc a batch of B folios of order o, then folio_put them in reverse (LIFO); ns per alloc+free pair. Small orders go through the per-CPU lists, as alloc_pages does."

    /// `--quick`: batches of 16, order 0 and THPs (to keep it within 20 s).
    static func variants(quick: Bool) -> [WorkloadVariant] {
        (quick ? [0, 9] : [0, 3, 9]).flatMap { order in
            (quick ? [16] : [1, 16, 64, 1024]).map { WorkloadVariant(order: order, batch: $0) }
        }
    }

    /// A batch that cannot fit the arena is skipped rather than measured half-failing.
    static func skipReason(_ variant: WorkloadVariant, pageCount: Int) -> String? {
        variant.lacksRoom(for: variant.batch! << variant.order!, pageCount: pageCount)
    }

    static func rounds(batch: Int) -> Int { max(1, 1024 / batch) }

    /// Twice the rounds for THPs: the paired rounds of order 9 scattered by 3.3 and 2.3 %
    /// (standard deviation of the per-round log ratios to `legacy64`, median over the order's
    /// ratios, `reference.samples.csv` and `reproducibility/reference-2.samples.csv` at
    /// `3e51887`), orders 0 and 3 by 0.65 to 1.05 %; 6 rounds gave order 9 ±3.3 to ±7.8 %
    /// against a ±3 % target (README, "Rounds where the scatter is").
    static func plan(_ run: TimingPlan, _ variant: WorkloadVariant) -> TimingPlan {
        variant.order == PageGeometry.thpOrder ? run.scaled(rounds: 2) : run
    }

    static func prepare<L: PageLayout>(_ box: MachineBox<L>, _ variant: WorkloadVariant,
                                       _: Setup) throws(BenchmarkError) -> [PreparedRow] {
        [.lifo(Folios(machine: box.ref, order: variant.order!), batch: variant.batch!,
               rounds: rounds(batch: variant.batch!), on: box)]
    }

    static func prepareJemalloc(_ variant: WorkloadVariant, _ setup: Setup) -> PreparedRow? {
        .lifoJemalloc(Jemalloc(order: variant.order!), batch: variant.batch!, rounds: rounds(batch: variant.batch!),
                      pageCount: setup.pageCount)
    }

    /// `folio_alloc` / `folio_put` on a layout.
    struct Folios<L: PageLayout>: LIFOAllocator {
        let machine: MachineRef<L>
        let order: Int

        @inline(__always) func allocate() -> Memdesc? { machine.pointee.folioAlloc(order: order) }
        @inline(__always) func free(_ folio: Memdesc) { machine.pointee.folioPut(folio) }
        @inline(__always) func checksum(_ folio: Memdesc) -> UInt64 { UInt64(folio.raw) }
    }

    /// The same sizes through jemalloc: page-aligned `mallocx`, sized `sdallocx`.
    struct Jemalloc: LIFOAllocator {
        let size: Int

        init(order: Int) { size = PageGeometry.pageSize << order }

        @inline(__always) func allocate() -> UnsafeMutableRawPointer? { pb_mallocx_aligned(size, PageGeometry.pageSize) }
        @inline(__always) func free(_ p: UnsafeMutableRawPointer) { pb_sdallocx_aligned(p, size, PageGeometry.pageSize) }
        @inline(__always) func checksum(_ p: UnsafeMutableRawPointer) -> UInt64 { UInt64(UInt(bitPattern: p)) }
    }
}
