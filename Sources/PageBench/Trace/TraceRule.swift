/// The rules that turn a trace's events into operations (`TraceClassifier`), one case per
/// outcome: every event of a trace is counted under exactly one of them, so their counts
/// sum to the trace's events. `benchmarks trace-info` and the README list them.
public enum TraceRule: String, CaseIterable, Sendable {
    // mm_page_alloc
    case fileFolio = "page alloc: file folio"
    case anonFolio = "page alloc: anonymous folio"
    case slabPage = "page alloc: slab page"
    case largeKmalloc = "page alloc: large kmalloc"
    case pageTable = "page alloc: page table"
    case kernelPages = "page alloc: other kernel pages"
    // mm_page_free, mm_page_free_batched
    case pageFree = "page free: replayed"
    case slabPageFree = "page free: slab page"
    case otherPageFree = "page free: not a live allocation of the trace"
    case batchedFree = "page free batched"
    // kmalloc, kmem_cache_alloc, kfree, kmem_cache_free
    case slabAlloc = "slab alloc: replayed"
    case slabAllocLarge = "slab alloc: over 8 KiB"
    case slabFree = "slab free: replayed"
    case slabFreeLarge = "slab free: of an allocation over 8 KiB"
    case slabFreeOther = "slab free: allocated before the recording"
    case kfreeNull = "kfree(NULL)"
    // filemap
    case cacheAdd = "page cache add"
    case cacheAddOther = "page cache add: folio allocated before the recording"
    case cacheDelete = "page cache delete"
    case lookup = "page cache lookup: replayed"
    case lookupResident = "page cache lookup: folios cached before the recording"
    // The rest
    case collapse = "collapse"
    case compactionScan = "compaction scan"
    case migrate = "migrate"
    case unknown = "unknown event kind"

    /// What the rule recognises and what the replay does with it.
    public var explanation: String {
        switch self {
        case .fileFolio: "its pfn is added to the page cache (mm_filemap_add_to_page_cache) before it is freed: folio_alloc"
        case .anonFolio: "__GFP_MOVABLE in its gfp mask (GFP_HIGHUSER_MOVABLE) and never added to the page cache: folio_alloc (order 9: a THP)"
        case .slabPage: "the next event on its CPU is a kmalloc or kmem_cache_alloc of the same task (allocate_slab runs inside the allocation it serves): skipped, the replayed slab events allocate their own slabs"
        case .largeKmalloc: "the next event on its CPU is a kmalloc of PAGE_SIZE << order bytes above 8 KiB (kmalloc_large): pages without a memdesc"
        case .pageTable: "order 0 with __GFP_ZERO and not movable (GFP_PGTABLE_USER / GFP_PGTABLE_KERNEL): pagetable_alloc"
        case .kernelPages: "anything else (vmalloc, stacks, buffers, page_pool: nothing in mm_page_alloc tells page_pool's pages apart): pages without a memdesc"
        case .pageFree: "the head pfn of a live allocation of the trace, with its order: its free (folio_put for a folio)"
        case .slabPageFree: "a slab page of the trace: skipped, the slab allocator frees its own"
        case .otherPageFree: "a pfn allocated before the recording, or part of a split allocation: skipped (what the trace allocated is freed by its own event or at the end)"
        case .batchedFree: "free_unref_folios' marker: the same page's mm_page_free is in the trace too; skipped"
        case .slabAlloc: "kmalloc or kmem_cache_alloc of at most 8 KiB: kmalloc from the kmalloc cache of bytes_alloc (named caches are not modelled apart)"
        case .slabAllocLarge: "over 8 KiB: a large kmalloc's pages are its mm_page_alloc; skipped"
        case .slabFree: "kfree or kmem_cache_free of an object the trace allocated: kfree"
        case .slabFreeLarge: "the free of an allocation over 8 KiB: its pages' mm_page_free replays it; skipped"
        case .slabFreeOther: "an object allocated before the recording: skipped"
        case .kfreeNull: "kfree(NULL): skipped"
        case .cacheAdd: "marks its folio as a page-cache folio and maps its file indices to it for the lookups"
        case .cacheAddOther: "the folio was allocated before the recording: its indices stay unknown, and their lookups get stand-ins (below)"
        case .cacheDelete: "unmaps its indices; the folio's free is its mm_page_free"
        case .lookup: "mm_filemap_get_pages, _map_pages or _fault on folios the trace added: one lookup (page_folio, folio_try_get, re-check, folio_put) per folio in the range, at most 1024 pages per event"
        case .lookupResident: "every page in the range was cached before the recording: each gets a stand-in, an order-0 folio allocated before the replay is timed and kept (the snapshot's page cache has no file indices), and the lookups run on them"
        case .collapse: "khugepaged's collapse: its new THP and the freed pages are its mm_page_alloc and mm_page_free events; counted"
        case .compactionScan: "mm_compaction_isolate_migratepages / _freepages: compaction's scanner over the same number of pfns, from the same pfn modulo the machine's size"
        case .migrate: "migration's pages are its mm_page_alloc and mm_page_free events; counted"
        case .unknown: "an event kind this version does not know: counted and skipped"
        }
    }
}

/// Events per rule, for one trace.
public struct TraceClassification: Equatable, Sendable {
    public var counts: [TraceRule: Int] = [:]

    public subscript(rule: TraceRule) -> Int {
        get { counts[rule] ?? 0 }
        set { counts[rule] = newValue }
    }

    public var total: Int { counts.values.reduce(0, +) }
}
