/// The workloads, their variants and what they model.
public enum WorkloadID: String, CaseIterable, Sendable {
    case allocFree = "alloc-free"
    case allocFreeMixed = "alloc-free-mixed"
    case lookupRandom = "lookup-random"
    case lookupScan = "lookup-scan"
    case kmallocKfree = "kmalloc-kfree"

    /// What the workload models in kernel terms (for `benchmarks list` and the README).
    public var summary: String {
        switch self {
        case .allocFree:
            "folio_alloc a batch of B folios of order o, then folio_put them in reverse (LIFO); ns per alloc+free pair. Small orders go through the per-CPU lists, as alloc_pages does."
        case .allocFreeMixed:
            "steady state at half occupancy with page-cache orders (80 % order 0, 17 % order 2-4, 3 % order 9): free a random live folio, allocate a new one; ns per free+alloc."
        case .lookupRandom:
            "page_folio / pfn_to_memdesc on random pfns of a half-allocated machine, reading the memdesc's _refcount; ns per lookup."
        case .lookupScan:
            "walk every pfn like compaction's scanner, classifying each block (free, folio, slab, page table, netmem) and skipping it by its order; ns per pfn."
        case .kmallocKfree:
            "kmalloc a batch of B objects of one size, then kfree them in reverse; kfree finds the slab through virt_to_slab; ns per pair."
        }
    }

    /// Whether the workload has a `floor` row (the lookups).
    public var hasFloor: Bool { self == .lookupRandom || self == .lookupScan }
    /// Whether it has a `jemalloc` row: every workload but the scan (jemalloc has no walk
    /// over its metadata that a caller could time).
    public var hasJemalloc: Bool { self != .lookupScan }

    public func variants(quick: Bool) -> [WorkloadVariant] {
        switch self {
        case .allocFree:
            [0, 3, 9].flatMap { order in [1, 16, 64, 1024].map { WorkloadVariant(order: order, batch: $0) } }
        case .allocFreeMixed, .lookupRandom, .lookupScan:
            [WorkloadVariant()]
        case .kmallocKfree:
            [64, 512].flatMap { size in [16, 1024].map { WorkloadVariant(batch: $0, size: size) } }
        }
    }
}

/// A workload's parameters; `name` is the CSV `variant` column (`order=0;batch=16`).
public struct WorkloadVariant: Sendable, Equatable {
    public var order: Int?
    public var batch: Int?
    public var size: Int?

    public init(order: Int? = nil, batch: Int? = nil, size: Int? = nil) {
        self.order = order
        self.batch = batch
        self.size = size
    }

    public var name: String {
        [order.map { "order=\($0)" }, size.map { "size=\($0)" }, batch.map { "batch=\($0)" }]
            .compactMap { $0 }.joined(separator: ";")
    }
}
