/// A typed extra result of a row: a declared name and a number. The CSV writes them as a
/// JSON object in the `counters` column, so nothing is parsed back out of free text.
public struct Counter: Sendable, Equatable {
    public let name: CounterName
    public let value: Double

    init(_ name: CounterName, _ value: Double) {
        self.name = name
        self.value = value
    }

    init(_ name: CounterName, _ value: Int) { self.init(name, Double(value)) }
}

/// Every counter a workload can report.
public enum CounterName: Sendable, Equatable {
    /// The layout's own arithmetic of its metadata per page, without slab slack.
    case arithmeticBytesPerPage
    /// Allocations and kmalloc objects live in the set-up.
    case setupPageAllocations, setupObjects
    /// Pages the set-up left without a memdesc (reserved, holes, untyped kernel pages), pages
    /// of full slabs it placed from a snapshot, and blocks it could not place.
    case setupUntypedPages, setupSlabPages, setupFailures
    /// Allocations that failed, or fell back to order 0 (fragmentation).
    case failures, fallbacks
    /// `concurrent-tryget`: successful gets, gets whose re-check failed (the retry rate is
    /// their ratio), the writer's operations and references found on pages that changed
    /// hands (must be 0).
    case gets, retries, writerOps, violations
    /// `slab-folio`: metadata per folio page of 1024 live nested folios; 1 if the layout
    /// really nests folios in a slab (seed 004), 0 if it approximates with plain folios.
    case metadataPerFolioPage, nested
    /// `split-collapse`: split attempts with memory full, and how many failed.
    case attempts, failed
    /// Every layout row: data pages of the simulated memory resident after the run (what
    /// its operations wrote: descriptor and kmalloc slabs, links kept in free pages), and
    /// the pages the kmalloc caches hold (`DataResidency`).
    case residentDataPages, kmallocSlabPages
    /// `free-list`: data pages of the simulated memory the store touched.
    case dataPagesTouched
    /// `compaction-scan`: free blocks of each order after the churn (`/proc/buddyinfo`),
    /// and pages in movable folios.
    case freeBlocks(order: Int)
    case movablePages
    /// `hugetlb`: folios in the pool, how many HVO optimised, memmap bytes it freed; the
    /// RCU grace periods (`synchronize_rcu()`) v6.15 waits for per folio grown and shrunk,
    /// which the row does not time.
    case poolFolios, vmemmapOptimized, vmemmapSavedBytes, synchronizeRCUPerFolio
    /// `trace`: the trace's events and the operations a replay runs; metadata per page at
    /// the replay's start, its peak (sampled 64 times) and when the trace ends (before the
    /// teardown frees what it left); lookups that found no folio.
    case traceEvents, replayOps, metadataStart, metadataPeak, metadataEnd, lookupMisses
    /// `trace`: pages of free memory backed before the replay was timed
    /// (`Machine.backFreeMemory`); they count in `residentDataPages`.
    case backedFreePages

    /// The name in the CSV.
    public var key: String {
        switch self {
        case .arithmeticBytesPerPage: "arithmetic_bytes_per_page"
        case .setupPageAllocations: "setup_page_allocations"
        case .setupObjects: "setup_objects"
        case .setupUntypedPages: "setup_untyped_pages"
        case .setupSlabPages: "setup_slab_pages"
        case .setupFailures: "setup_failures"
        case .failures: "failures"
        case .fallbacks: "fallbacks"
        case .gets: "gets"
        case .retries: "retries"
        case .writerOps: "writer_ops"
        case .violations: "violations"
        case .metadataPerFolioPage: "metadata_per_folio_page"
        case .nested: "nested"
        case .attempts: "attempts"
        case .failed: "failed"
        case .dataPagesTouched: "data_pages_touched"
        case .residentDataPages: "resident_data_pages"
        case .kmallocSlabPages: "kmalloc_slab_pages"
        case .freeBlocks(let order): "free_blocks_order_\(order)"
        case .movablePages: "movable_pages"
        case .poolFolios: "pool_folios"
        case .vmemmapOptimized: "vmemmap_optimized"
        case .vmemmapSavedBytes: "vmemmap_saved_bytes"
        case .synchronizeRCUPerFolio: "synchronize_rcu_per_folio"
        case .traceEvents: "trace_events"
        case .replayOps: "replay_ops"
        case .metadataStart: "metadata_start"
        case .metadataPeak: "metadata_peak"
        case .metadataEnd: "metadata_end"
        case .lookupMisses: "lookup_misses"
        case .backedFreePages: "backed_free_pages"
        }
    }
}
