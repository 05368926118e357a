/// Compiles a trace into replay programs (`ReplayProgram`): each event is classified by a
/// `TraceRule` and becomes the operation it stands for. Untimed.
///
/// Replay is exact about the order of events, their kinds, orders and sizes, not about
/// pfns: the replaying machine's allocator picks its own pages, and a free or a lookup
/// finds its allocation by the slot the allocation's event was given.
public struct TraceClassifier {
    public let trace: Trace
    public private(set) var classification = TraceClassification()
    /// Every operation, the teardown last.
    private(set) var ops: [ReplayOp] = []
    private(set) var slotCount = 0
    private(set) var teardownStart = 0
    /// The order of each folio allocation's slot.
    private var folioOrders: [UInt32: UInt8] = [:]
    /// Stand-ins for the pages the lookups found cached before the recording.
    private(set) var standIns: [UInt32] = []

    /// At most this many pages of one lookup event's range are looked up.
    static let lookupPagesPerEvent = 1024
    static let largestKmalloc = CacheIndex.kmallocSizes.last!

    public init(_ trace: Trace) {
        self.trace = trace
        let kinds = classifyPageAllocations()
        emit(kinds)
    }

    /// The program of one selection of the operations; `lookups` also names the folios its
    /// lookups need, for the replay to allocate before it is timed.
    public func program(_ events: ReplayEvents) -> ReplayProgram {
        let selected = ops.filter { events.includes($0.code) }
        let teardown = ops[..<teardownStart].reduce(0) { events.includes($1.code) ? $0 + 1 : $0 }
        let standIns = events.includes(.lookup) ? self.standIns.map { (slot: $0, order: UInt8(0)) } : []
        guard events == .lookups else {
            return ReplayProgram(selected, slotCount: slotCount, teardownStart: teardown, residentFolios: standIns)
        }
        return lookupsProgram(residentFolios: standIns)
    }

    /// `events=lookups`: the lookups alone, on folios allocated before the timing. A folio of
    /// the trace is live from its allocation to its free; a resident folio of its order stands
    /// for it over that span and for a later folio once the span is over, so the replay holds
    /// as many at once as the trace did, not every folio the trace ever looked up (the file
    /// server's are more than the machine has free).
    func lookupsProgram(residentFolios standIns: [(slot: UInt32, order: UInt8)]) -> ReplayProgram {
        let lookedUp = Set(ops.lazy.filter { $0.code == .lookup }.map(\.slot))
        var resident = standIns
        var idle: [UInt8: [UInt32]] = [:]
        var standingFor: [UInt32: UInt32] = [:]
        var slots = slotCount
        var lookups: [ReplayOp] = []
        for op in ops {
            switch op.code {
            case .folioAlloc where lookedUp.contains(op.slot):
                if let r = idle[op.order]?.popLast() {
                    standingFor[op.slot] = r
                } else {
                    standingFor[op.slot] = UInt32(slots)
                    resident.append((UInt32(slots), op.order))
                    slots += 1
                }
            case .folioFree:
                if let r = standingFor.removeValue(forKey: op.slot) { idle[folioOrders[op.slot] ?? 0, default: []].append(r) }
            case .lookup:
                lookups.append(ReplayOp(code: .lookup, arg: op.arg, slot: standingFor[op.slot] ?? op.slot))
            default:
                break
            }
        }
        return ReplayProgram(lookups, slotCount: slots, teardownStart: lookups.count, residentFolios: resident)
    }

    /// Operations per code in the whole program.
    public func operationCounts() -> [(name: String, count: Int)] {
        var counts = [Int](repeating: 0, count: 16)
        for op in ops { counts[Int(op.code.rawValue)] += 1 }
        return (0..<16).compactMap { i in ReplayOp.Code(rawValue: UInt8(i)).map { ("\($0)", counts[i]) } }
    }

    public var operationCount: Int { ops.count }

    /// Folio allocations per order (index: the order).
    public func folioAllocationsPerOrder() -> [Int] {
        var counts = [Int](repeating: 0, count: 16)
        for op in ops where op.code == .folioAlloc { counts[Int(op.order)] += 1 }
        return counts
    }

    // MARK: Page allocations

    /// What a page allocation is, decided from the events around it (first pass).
    enum PageKind: UInt8 { case kernel, file, anon, slab, largeKmalloc, pageTable }

    /// Pass one: a page allocation is a page-cache folio if its pfn is added to the page
    /// cache before it is freed; a slab page if the next event on its CPU is a slab
    /// allocation of the same task (`allocate_slab` runs inside `kmem_cache_alloc` /
    /// `kmalloc`, whose own event comes when it returns); a large kmalloc if that event is a
    /// kmalloc of exactly its pages above 8 KiB; else by its gfp mask.
    func classifyPageAllocations() -> [Int: PageKind] {
        var kinds: [Int: PageKind] = [:]
        var live: [UInt64: Int] = [:]
        var lastOnCPU: [UInt8: Int] = [:]
        let gfp = trace.strings.map { (movable: $0.contains("MOVABLE"), zero: $0.contains("__GFP_ZERO")) }
        for (i, e) in trace.events.enumerated() {
            defer { lastOnCPU[e.cpu] = i }
            switch e.kind {
            case .pageAlloc:
                live[e.a] = i
                let flags = e.d < gfp.count ? gfp[Int(e.d)] : (movable: false, zero: false)
                kinds[i] = flags.movable ? .anon : (e.b == 0 && flags.zero) ? .pageTable : .kernel
            case .pageFree:
                live[e.a] = nil
            case .filemapAdd:
                if let j = live[e.a] { kinds[j] = .file }
            case .kmalloc, .cacheAlloc:
                guard let j = lastOnCPU[e.cpu], trace.events[j].kind == .pageAlloc, trace.events[j].pid == e.pid,
                      kinds[j] != .anon else { break }
                let pageBytes = UInt64(PageGeometry.pageSize) << trace.events[j].b
                if e.kind == .kmalloc && e.c > UInt64(Self.largestKmalloc) {
                    if e.c == pageBytes { kinds[j] = .largeKmalloc }
                } else {
                    kinds[j] = .slab
                }
            default:
                break
            }
        }
        return kinds
    }

    // MARK: Operations

    /// A live allocation of the trace's pages, by pfn.
    struct LivePages {
        var slot: UInt32
        var kind: PageKind
        var order: UInt8
    }

    /// Pass two: the operations, each allocation with a slot of its own.
    mutating func emit(_ kinds: [Int: PageKind]) {
        var pagesAt: [UInt64: LivePages] = [:]
        var objects: [UInt64: UInt32] = [:]
        var largeObjects = Set<UInt64>()
        // (file << 40 | index) -> (slot, page of the folio)
        var pageCache: [UInt64: (slot: UInt32, page: UInt32)] = [:]
        var liveSlots: [UInt32: ReplayOp.Code] = [:]
        var untypedOrders: [UInt32: UInt8] = [:]

        func newSlot(_ free: ReplayOp.Code) -> UInt32 {
            let s = UInt32(slotCount)
            slotCount += 1
            liveSlots[s] = free
            return s
        }
        func count(_ rule: TraceRule) { classification[rule] += 1 }
        var standIn = Set<UInt32>()
        /// One lookup per folio of the file's pages `first...last`; a page the trace did not
        /// add was cached before it, and gets a stand-in.
        func lookups(file: UInt64, first: UInt64, last: UInt64) {
            var previous: UInt32? = nil, traced = false
            let end = min(last, first + UInt64(Self.lookupPagesPerEvent) - 1)
            var index = first
            while index <= end {
                defer { index += 1 }
                let key = file << 40 | index
                var hit = pageCache[key]
                if hit == nil || (liveSlots[hit!.slot] == nil && !standIn.contains(hit!.slot)) {
                    let s = UInt32(slotCount)
                    slotCount += 1
                    standIns.append(s)
                    standIn.insert(s)
                    hit = (s, 0)
                    pageCache[key] = hit
                }
                guard let hit, hit.slot != previous else { continue }
                ops.append(ReplayOp(code: .lookup, arg: hit.page, slot: hit.slot))
                previous = hit.slot
                traced = traced || !standIn.contains(hit.slot)
            }
            count(traced ? .lookup : .lookupResident)
        }

        for (i, e) in trace.events.enumerated() {
            guard let kind = e.kind else { count(.unknown); continue }
            switch kind {
            case .pageAlloc:
                let order = UInt8(min(e.b, 15))
                switch kinds[i] ?? .kernel {
                case .file, .anon:
                    let s = newSlot(.folioFree)
                    folioOrders[s] = order
                    ops.append(ReplayOp(code: .folioAlloc, order: order, slot: s))
                    pagesAt[e.a] = LivePages(slot: s, kind: kinds[i] ?? .anon, order: order)
                    count(kinds[i] == .file ? .fileFolio : .anonFolio)
                case .pageTable:
                    let s = newSlot(.pageTableFree)
                    ops.append(ReplayOp(code: .pageTableAlloc, slot: s))
                    pagesAt[e.a] = LivePages(slot: s, kind: .pageTable, order: order)
                    count(.pageTable)
                case .kernel, .largeKmalloc:
                    let s = newSlot(.untypedFree)
                    untypedOrders[s] = order
                    ops.append(ReplayOp(code: .untypedAlloc, order: order, slot: s))
                    pagesAt[e.a] = LivePages(slot: s, kind: .kernel, order: order)
                    count(kinds[i] == .largeKmalloc ? .largeKmalloc : .kernelPages)
                case .slab:
                    pagesAt[e.a] = LivePages(slot: .max, kind: .slab, order: order)
                    count(.slabPage)
                }
            case .pageFree:
                guard let live = pagesAt[e.a], UInt64(live.order) == e.b else { count(.otherPageFree); continue }
                pagesAt[e.a] = nil
                guard live.kind != .slab else { count(.slabPageFree); continue }
                guard let code = liveSlots.removeValue(forKey: live.slot) else { count(.otherPageFree); continue }
                ops.append(ReplayOp(code: code, order: live.order, slot: live.slot))
                count(.pageFree)
            case .pageFreeBatched:
                count(.batchedFree)
            case .kmalloc, .cacheAlloc:
                guard e.c <= UInt64(Self.largestKmalloc) else {
                    largeObjects.insert(e.a)
                    count(.slabAllocLarge)
                    continue
                }
                let s = newSlot(.kfree)
                objects[e.a] = s
                ops.append(ReplayOp(code: .kmalloc, arg: UInt32(CacheIndex.kmalloc(size: max(Int(e.c), 1))), slot: s))
                count(.slabAlloc)
            case .kfree, .cacheFree:
                if e.a == 0 { count(.kfreeNull); continue }
                if let s = objects.removeValue(forKey: e.a), liveSlots.removeValue(forKey: s) != nil {
                    ops.append(ReplayOp(code: .kfree, slot: s))
                    count(.slabFree)
                } else if largeObjects.remove(e.a) != nil {
                    count(.slabFreeLarge)
                } else {
                    count(.slabFreeOther)
                }
            case .filemapAdd:
                guard let live = pagesAt[e.a], live.kind == .file || live.kind == .anon else { count(.cacheAddOther); continue }
                for page in 0..<(UInt64(1) << min(e.b, 9)) { pageCache[e.c << 40 | (e.d + page)] = (live.slot, UInt32(page)) }
                count(.cacheAdd)
            case .filemapDelete:
                for page in 0..<(UInt64(1) << min(e.b, 9)) { pageCache[e.c << 40 | (e.d + page)] = nil }
                count(.cacheDelete)
            case .filemapGetPages, .filemapMapPages:
                lookups(file: e.c, first: e.a, last: max(e.a, e.b))
            case .filemapFault:
                lookups(file: e.c, first: e.a, last: e.a)
            case .collapse:
                count(.collapse)
            case .compactionMigrateScan, .compactionFreeScan:
                let pfns = UInt32(min(e.b > e.a ? e.b - e.a : 0, UInt64(UInt32.max)))
                ops.append(ReplayOp(code: .scan, arg: pfns, slot: UInt32(truncatingIfNeeded: e.a)))
                count(.compactionScan)
            case .migratePages:
                count(.migrate)
            }
        }
        // What the trace left allocated is freed, in the order it was allocated.
        teardownStart = ops.count
        for (slot, code) in liveSlots.sorted(by: { $0.key < $1.key }) {
            ops.append(ReplayOp(code: code, order: (code == .folioFree ? folioOrders[slot] : untypedOrders[slot]) ?? 0, slot: slot))
        }
    }
}
