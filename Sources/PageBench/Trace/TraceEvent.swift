/// One memory-management event of a recording, as the kernel's tracepoints report it
/// (include/trace/events/kmem.h, filemap.h, huge_memory.h, compaction.h, migrate.h).
///
/// Every event has the same shape: its kind, the CPU and task that emitted it, the
/// microseconds since the event before it, and four numbers whose meaning the kind fixes
/// (`Kind`'s cases say which). Strings (gfp masks, cache names, collapse results) are
/// indices into the trace's string table; objects (the `ptr` of the slab events, hashed by
/// the kernel's `%p`) and files (`dev:ino`) are numbered in the order they first appear, 0
/// being NULL, so an alloc and its free carry the same number.
public struct TraceEvent: Equatable, Sendable {
    /// A tracepoint. Raw values are the file format: new kinds get new values, and a
    /// reader counts and skips values it does not know.
    public enum Kind: UInt8, CaseIterable, Sendable, CustomStringConvertible {
        /// `kmem:mm_page_alloc`: a = pfn, b = order, c = migratetype, d = gfp mask (string).
        case pageAlloc = 0
        /// `kmem:mm_page_free`: a = pfn, b = order.
        case pageFree = 1
        /// `kmem:mm_page_free_batched`: a = pfn. Emitted by `free_unref_folios` for a page
        /// whose `mm_page_free` (from `free_pages_prepare`) is also in the trace.
        case pageFreeBatched = 2
        /// `kmem:kmalloc`: a = object, b = bytes_req, c = bytes_alloc, d = gfp mask (string).
        case kmalloc = 3
        /// `kmem:kfree`: a = object.
        case kfree = 4
        /// `kmem:kmem_cache_alloc`: a = object, b = bytes_req, c = bytes_alloc, d = cache (string).
        case cacheAlloc = 5
        /// `kmem:kmem_cache_free`: a = object, d = cache (string).
        case cacheFree = 6
        /// `filemap:mm_filemap_add_to_page_cache`: a = pfn, b = order, c = file, d = index.
        case filemapAdd = 7
        /// `filemap:mm_filemap_delete_from_page_cache`: a = pfn, b = order, c = file, d = index.
        case filemapDelete = 8
        /// `filemap:mm_filemap_get_pages`: a = first index, b = last index, c = file.
        case filemapGetPages = 9
        /// `filemap:mm_filemap_map_pages`: a = first index, b = last index, c = file.
        case filemapMapPages = 10
        /// `filemap:mm_filemap_fault`: a = index, c = file.
        case filemapFault = 11
        /// `huge_memory:mm_collapse_huge_page`: a = isolated, b = status (string).
        case collapse = 12
        /// `compaction:mm_compaction_isolate_migratepages`: a = start pfn, b = end pfn,
        /// c = nr_scanned, d = nr_taken.
        case compactionMigrateScan = 13
        /// `compaction:mm_compaction_isolate_freepages`: as the migrate scanner's.
        case compactionFreeScan = 14
        /// `migrate:mm_migrate_pages`: a = succeeded, b = failed.
        case migratePages = 15

        public var description: String { tracepoint }

        /// The tracepoint's name in tracefs (`events/<system>/<name>`).
        public var tracepoint: String {
            switch self {
            case .pageAlloc: "kmem:mm_page_alloc"
            case .pageFree: "kmem:mm_page_free"
            case .pageFreeBatched: "kmem:mm_page_free_batched"
            case .kmalloc: "kmem:kmalloc"
            case .kfree: "kmem:kfree"
            case .cacheAlloc: "kmem:kmem_cache_alloc"
            case .cacheFree: "kmem:kmem_cache_free"
            case .filemapAdd: "filemap:mm_filemap_add_to_page_cache"
            case .filemapDelete: "filemap:mm_filemap_delete_from_page_cache"
            case .filemapGetPages: "filemap:mm_filemap_get_pages"
            case .filemapMapPages: "filemap:mm_filemap_map_pages"
            case .filemapFault: "filemap:mm_filemap_fault"
            case .collapse: "huge_memory:mm_collapse_huge_page"
            case .compactionMigrateScan: "compaction:mm_compaction_isolate_migratepages"
            case .compactionFreeScan: "compaction:mm_compaction_isolate_freepages"
            case .migratePages: "migrate:mm_migrate_pages"
            }
        }
    }

    /// The kind's raw value: a file written by a newer version may hold kinds this one
    /// does not know (`kind` is nil for them).
    public var rawKind: UInt8
    public var cpu: UInt8
    public var pid: UInt32
    /// Microseconds since the previous event of the trace.
    public var deltaMicroseconds: UInt64
    public var a: UInt64
    public var b: UInt64
    public var c: UInt64
    public var d: UInt64

    public var kind: Kind? { Kind(rawValue: rawKind) }

    public init(_ kind: Kind, cpu: UInt8 = 0, pid: UInt32 = 0, deltaMicroseconds: UInt64 = 0,
                a: UInt64 = 0, b: UInt64 = 0, c: UInt64 = 0, d: UInt64 = 0) {
        self.init(rawKind: kind.rawValue, cpu: cpu, pid: pid, deltaMicroseconds: deltaMicroseconds, a: a, b: b, c: c, d: d)
    }

    public init(rawKind: UInt8, cpu: UInt8, pid: UInt32, deltaMicroseconds: UInt64, a: UInt64, b: UInt64, c: UInt64, d: UInt64) {
        self.rawKind = rawKind
        self.cpu = cpu
        self.pid = pid
        self.deltaMicroseconds = deltaMicroseconds
        self.a = a
        self.b = b
        self.c = c
        self.d = d
    }
}
