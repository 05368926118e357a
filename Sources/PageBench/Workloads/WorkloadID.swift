/// The workloads, their variants and what they model.
public enum WorkloadID: String, CaseIterable, Sendable {
    case allocFree = "alloc-free"
    case allocFreeMixed = "alloc-free-mixed"
    case lookupRandom = "lookup-random"
    case lookupScan = "lookup-scan"
    case kmallocKfree = "kmalloc-kfree"
    // The seeds' scenarios (seeds 000, 003, 004).
    case concurrentTryGet = "concurrent-tryget"
    case specialistAlloc = "specialist-alloc"
    case slabFolio = "slab-folio"
    case splitCollapse = "split-collapse"
    case compactionScan = "compaction-scan"
    case freeList = "free-list"
    case hugetlb

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
        case .concurrentTryGet:
            "seed 004: folio_try_get on random pfns (load, increment if not zero, re-check) while another thread frees and reallocates pages with other types; ns per successful get, retry rate in the note."
        case .specialistAlloc:
            "seeds 000/003: slab pages and page tables from their own entry points against folio_alloc with its large-folio preparation; ns per alloc+free pair."
        case .slabFolio:
            "seed 004: single pages of an order-3 slab (kmalloc-4k) handed out as folios and given back; legacy64 hands out plain order-0 folios instead; ns per alloc+free."
        case .splitCollapse:
            "split an order-9 folio into 512 order-0 folios and collapse them back in place; then, with memory full, splits that must fail in the memdesc layouts; ns per split, per collapse."
        case .compactionScan:
            "after a long churn (fragmented arena), walk every pfn finding movable folios, skipping blocks by order; buddyinfo in the note; ns per pfn."
        case .freeList:
            "seed 001: where free pages are tracked (list_head, pfn links in the descriptor, or in the free page with the -freemem layouts): order-0 alloc+free in batches of 1024 and the data pages it touched."
        case .hugetlb:
            "a HugeTLB pool of 2 MiB folios, with HVO in legacy64-hvo (memmap pages 1-7 of each folio remapped onto page 0): page_folio + folio_ref_count on random pfns with the pool over half the machine (ns per lookup, memmap saved), and growing the pool by B folios and shrinking it back (ns per folio)."
        }
    }

    /// Whether the workload has a `floor` row (the lookups).
    public var hasFloor: Bool { [.lookupRandom, .lookupScan, .compactionScan, .hugetlb].contains(self) }
    /// Whether it has a `jemalloc` row: every workload but the scan (jemalloc has no walk
    /// over its metadata that a caller could time).
    public var hasJemalloc: Bool {
        switch self {
        case .allocFree, .allocFreeMixed, .lookupRandom, .kmallocKfree: true
        default: false
        }
    }

    public func variants(quick: Bool) -> [WorkloadVariant] {
        switch self {
        case .allocFree:
            [0, 3, 9].flatMap { order in [1, 16, 64, 1024].map { WorkloadVariant(order: order, batch: $0) } }
        case .allocFreeMixed, .lookupRandom, .lookupScan:
            [WorkloadVariant()]
        case .kmallocKfree:
            [64, 512].flatMap { size in [16, 1024].map { WorkloadVariant(batch: $0, size: size) } }
        case .concurrentTryGet:
            [WorkloadVariant(extra: "writer=off"), WorkloadVariant(extra: "writer=on")]
        case .specialistAlloc:
            [("slab", 0), ("slab", 3), ("ptdesc", 0)].flatMap { type, order in
                ["own", "folio_alloc"].map { WorkloadVariant(order: order, extra: "type=\(type);via=\($0)") }
            }
        case .slabFolio, .compactionScan:
            [WorkloadVariant()]
        case .splitCollapse:
            [WorkloadVariant(extra: "op=split")]
        case .freeList:
            [WorkloadVariant(order: 0, batch: 1024, extra: "op=alloc-free")]
        case .hugetlb:
            [WorkloadVariant(extra: "op=lookup"), WorkloadVariant(batch: 64, extra: "op=grow-shrink")]
        }
    }
}

/// A workload's parameters; `name` is the CSV `variant` column (`order=0;batch=16`).
public struct WorkloadVariant: Sendable, Equatable {
    public var order: Int?
    public var batch: Int?
    public var size: Int?
    /// Further parameters, already as `key=value;...` (`type=slab;via=own`).
    public var extra: String?

    public init(order: Int? = nil, batch: Int? = nil, size: Int? = nil, extra: String? = nil) {
        self.order = order
        self.batch = batch
        self.size = size
        self.extra = extra
    }

    public var name: String {
        [extra, order.map { "order=\($0)" }, size.map { "size=\($0)" }, batch.map { "batch=\($0)" }]
            .compactMap { $0 }.joined(separator: ";")
    }

    /// The value of `key` in `extra`.
    func parameter(_ key: String) -> String? {
        extra?.split(separator: ";").first { $0.hasPrefix(key + "=") }.map { String($0.dropFirst(key.count + 1)) }
    }
}
