import CJemalloc

/// `kmalloc-kfree`: B objects of one size allocated, then freed in reverse; `kfree` finds
/// each object's slab through the layout (`virt_to_slab`). ns per pair.
enum KmallocKfree: Workload {
    static let hasJemalloc = true
    static let summary = "kmalloc a batch of B objects of one size, then kfree them in reverse; kfree finds the slab through virt_to_slab; ns per pair."

    /// Twice the rounds: its paired rounds scatter by 3.0 % (as `LookupRandom.plan`), ±3.2 %
    /// intervals from 6 rounds against a ±3 % target.
    static func plan(_ run: TimingPlan, _: WorkloadVariant) -> TimingPlan { run.scaled(rounds: 2) }

    /// `--quick`: the short batch only (to keep it within 20 s).
    static func variants(quick: Bool) -> [WorkloadVariant] {
        [64, 512].flatMap { size in (quick ? [16] : [16, 1024]).map { WorkloadVariant(batch: $0, size: size) } }
    }

    static func rounds(batch: Int) -> Int { max(1, 4096 / batch) }

    static func prepare<L: PageLayout>(_ box: MachineBox<L>, _ variant: WorkloadVariant,
                                       _: Setup) throws(BenchmarkError) -> [PreparedRow] {
        [.lifo(Objects(machine: box.ref, size: variant.size!), batch: variant.batch!,
               rounds: rounds(batch: variant.batch!), on: box)]
    }

    static func prepareJemalloc(_ variant: WorkloadVariant, _ setup: Setup) -> PreparedRow? {
        .lifoJemalloc(Jemalloc(size: variant.size!), batch: variant.batch!, rounds: rounds(batch: variant.batch!),
                      pageCount: setup.pageCount)
    }

    /// The fast paths read the size's cache and what `virt_to_slab` needs from the batch,
    /// not from the machine's struct: loaded there on every operation, the struct's fields
    /// made about one machine in twenty run its whole round 2 to 3.4x slower, depending on
    /// the frames of the struct's page and of the objects' page together
    /// (`results/kmalloc-slow-rounds/`, "Frame pairs"; the CPU's mechanism is not isolated).
    /// A kernel's side of such a pair (`kmalloc_caches`, `page_offset_base`) is fixed per
    /// boot and the objects' drawn per slab page; here each row's one CPU slab drew it per
    /// layout and round, and a slow round widened every ratio of its row.
    struct Objects<L: PageLayout>: LIFOAllocator {
        let machine: MachineRef<L>
        /// `kmalloc_caches[kmalloc_index(size)]`.
        let cache: UnsafeMutablePointer<KmemCache>
        let layout: L
        let memory: PhysicalMemory

        init(machine: MachineRef<L>, size: Int) {
            self.machine = machine
            cache = machine.pointee.cache(CacheIndex.kmalloc(size: size))
            layout = machine.pointee.layout
            memory = machine.pointee.memory
        }

        @inline(__always) func allocate() -> UnsafeMutableRawPointer? { machine.pointee.slab.allocate(cache) }
        /// `kfree`: `virt_to_slab`, then `kmem_cache_free` (`SlabAllocator.kfree`).
        @inline(__always) func free(_ p: UnsafeMutableRawPointer) {
            machine.pointee.slab.free(p, slab: layout.virtToSlab(p, in: memory).unsafelyUnwrapped)
        }
        @inline(__always) func checksum(_ p: UnsafeMutableRawPointer) -> UInt64 { UInt64(UInt(bitPattern: p)) }
    }

    /// jemalloc's `malloc` / `free` of the same size.
    struct Jemalloc: LIFOAllocator {
        let size: Int

        @inline(__always) func allocate() -> UnsafeMutableRawPointer? { pb_malloc(size) }
        @inline(__always) func free(_ p: UnsafeMutableRawPointer) { pb_free(p) }
        @inline(__always) func checksum(_ p: UnsafeMutableRawPointer) -> UInt64 { UInt64(UInt(bitPattern: p)) }
    }
}
