/// A trace compiled for replay (`TraceClassifier`): the operations its events stand for, in
/// their order, each naming the allocation it acts on by a slot number. Slots are never
/// reused, so an operation's slot is fixed when the trace is compiled and the replay loop
/// only loads and stores the slot's handle. The program ends with the frees of what the
/// trace left allocated, so a replay leaves the machine with the memory it started with
/// and the next repetition starts from the same state.
struct ReplayOp {
    enum Code: UInt8 {
        /// `folio_alloc` of `order` (a page-cache or anonymous folio).
        case folioAlloc
        /// `pagetable_alloc`.
        case pageTableAlloc
        /// Pages of `order` with no memdesc (vmalloc, stacks, large kmalloc...).
        case untypedAlloc
        /// `folio_put` of the folio's last reference.
        case folioFree
        /// `pagetable_free`.
        case pageTableFree
        case untypedFree
        /// `kmalloc` from the cache at `arg` (`CacheIndex`).
        case kmalloc
        case kfree
        /// The page-cache lookup of seed 004 on the folio's page `arg`: `page_folio`,
        /// `folio_try_get`, the re-check, then `folio_put`.
        case lookup
        /// Compaction's scanner over `arg` pfns from the slot number's pfn (no slot).
        case scan
    }

    var code: Code
    var order: UInt8 = 0
    var arg: UInt32 = 0
    var slot: UInt32 = 0
}

/// Which of a trace's operations a replay row runs (the variant's `events=`).
public enum ReplayEvents: String, CaseIterable, Sendable {
    /// Everything, in the trace's order.
    case all
    /// Page allocations and frees only.
    case pages
    /// kmalloc and kfree only.
    case slab
    /// The page-cache lookups only, on folios allocated before the timing.
    case lookups
    /// Compaction's scans only.
    case scans
    /// Everything, with no machine behind it: the replay loop's own cost (`DryTarget`).
    case dispatch

    func includes(_ code: ReplayOp.Code) -> Bool {
        switch self {
        case .all, .dispatch: true
        case .pages: [.folioAlloc, .pageTableAlloc, .untypedAlloc, .folioFree, .pageTableFree, .untypedFree].contains(code)
        case .slab: code == .kmalloc || code == .kfree
        case .lookups: code == .lookup
        case .scans: code == .scan
        }
    }
}

/// The operations of one `ReplayEvents` selection, in memory of its own (the timed loop
/// reads them through a pointer, never a Swift array). Shared by every row that replays
/// them, read-only; freed with the last of them.
public final class ReplayProgram: @unchecked Sendable {
    let ops: UnsafeMutablePointer<ReplayOp>
    let count: Int
    /// Slots the operations use (every allocation of the trace has one).
    let slotCount: Int
    /// Where the frees of what the trace left allocated begin.
    let teardownStart: Int
    /// The folios allocated, untimed, before the replay: the stand-ins for pages cached before
    /// the recording, and for `events=lookups` the trace's folios its lookups act on.
    let residentFolios: [(slot: UInt32, order: UInt8)]

    init(_ ops: [ReplayOp], slotCount: Int, teardownStart: Int, residentFolios: [(slot: UInt32, order: UInt8)] = []) {
        self.ops = .allocate(capacity: max(ops.count, 1))
        self.ops.initialize(from: ops, count: ops.count)
        count = ops.count
        self.slotCount = slotCount
        self.teardownStart = teardownStart
        self.residentFolios = residentFolios
    }

    deinit { ops.deallocate() }

    /// Operations per code, for the row's counters and the tests.
    func count(of code: ReplayOp.Code) -> Int {
        (0..<count).reduce(0) { ops[$1].code == code ? $0 + 1 : $0 }
    }
}
