/// The registry of workloads: adding one is a file conforming to `Workload`, a case here
/// and a line in `visit`, as `LayoutID` registers layouts. The `switch` in `visit` is what
/// lets the optimiser specialise a workload's rows for each layout: a workload reached as
/// `any Workload.Type` would run its batches unspecialised.
public enum WorkloadID: String, CaseIterable, Sendable {
    case allocFree = "alloc-free"
    case allocFreeMixed = "alloc-free-mixed"
    case lookupRandom = "lookup-random"
    case lookupScan = "lookup-scan"
    case kmallocKfree = "kmalloc-kfree"
    // The seeds' scenarios (seeds 000, 001, 003, 004).
    case concurrentTryGet = "concurrent-tryget"
    case specialistAlloc = "specialist-alloc"
    case slabFolio = "slab-folio"
    case splitCollapse = "split-collapse"
    case compactionScan = "compaction-scan"
    case freeList = "free-list"
    case hugetlb
    /// A recorded trace, replayed (`run --trace FILE`).
    case trace

    @inline(__always)
    func visit<V: WorkloadVisitor>(_ visitor: inout V) -> V.Result {
        switch self {
        case .allocFree: visitor.visit(AllocFree.self)
        case .allocFreeMixed: visitor.visit(AllocFreeMixed.self)
        case .lookupRandom: visitor.visit(LookupRandom.self)
        case .lookupScan: visitor.visit(LookupScan.self)
        case .kmallocKfree: visitor.visit(KmallocKfree.self)
        case .concurrentTryGet: visitor.visit(ConcurrentTryGet.self)
        case .specialistAlloc: visitor.visit(SpecialistAlloc.self)
        case .slabFolio: visitor.visit(SlabFolio.self)
        case .splitCollapse: visitor.visit(SplitCollapse.self)
        case .compactionScan: visitor.visit(CompactionScan.self)
        case .freeList: visitor.visit(FreeList.self)
        case .hugetlb: visitor.visit(HugeTLBPool.self)
        case .trace: visitor.visit(TraceReplay.self)
        }
    }

    /// The workload's type, for what is not timed (names, variants, `list`).
    var type: any Workload.Type {
        struct Metatype: WorkloadVisitor {
            func visit<W: Workload>(_ w: W.Type) -> any Workload.Type { w }
        }
        var v = Metatype()
        return visit(&v)
    }

    public var summary: String { type.summary }
    public var hasFloor: Bool { type.hasFloor }
    public var hasJemalloc: Bool { type.hasJemalloc }
    public var buildsState: Bool { type.buildsState }
    public func plan(_ run: TimingPlan, _ variant: WorkloadVariant) -> TimingPlan { type.plan(run, variant) }

    /// The workloads that run without a trace (`trace` needs `run --trace FILE`).
    public static var synthetic: [WorkloadID] { allCases.filter { $0 != .trace } }

    /// Its variants, once per machine state; `trace`'s are each trace's, in its own state.
    public func variants(quick: Bool, states: [MachineState] = [.default], traces: [ReplayTrace] = []) -> [WorkloadVariant] {
        guard self != .trace else { return traces.flatMap(\.variants) }
        let plain = type.variants(quick: quick)
        return states.flatMap { state in plain.map { var v = $0; v.state = state; return v } }
    }
    public func skipReason(_ variant: WorkloadVariant, pageCount: Int) -> String? {
        type.skipReason(variant, pageCount: pageCount)
    }
}

/// Generic code to run for one concrete workload.
protocol WorkloadVisitor {
    associatedtype Result
    mutating func visit<W: Workload>(_ workload: W.Type) -> Result
}

/// A workload's parameters; `name` is the CSV `variant` column (`order=0;batch=16`).
public struct WorkloadVariant: Sendable, Equatable {
    public var order: Int?
    public var batch: Int?
    public var size: Int?
    /// Further parameters, already as `key=value;...` (`type=slab;via=own`).
    public var extra: String?
    /// The machine state the row runs in (`--state`).
    public var state: MachineState?

    public init(order: Int? = nil, batch: Int? = nil, size: Int? = nil, extra: String? = nil) {
        self.order = order
        self.batch = batch
        self.size = size
        self.extra = extra
    }

    public var name: String {
        [state.map { "state=\($0)" }, extra, order.map { "order=\($0)" }, size.map { "size=\($0)" }, batch.map { "batch=\($0)" }]
            .compactMap { $0 }.joined(separator: ";")
    }

    /// Why a set-up that needs `needed` free pages cannot run in this variant's state on
    /// `pageCount` pages, or nil: it may take at most `share` of what the state leaves free
    /// in every layout, so that no batch measures failing allocations. The memdesc layouts'
    /// descriptors take some of it: up to 128 bytes per allocated page (a small folio's
    /// 96-byte slot and its share of `struct slab`s; `full-order0` measures 104).
    func lacksRoom(for needed: Int, pageCount: Int, share: Double = 0.75) -> String? {
        let state = state ?? .default
        let descriptors = (1 - state.freeShare) * 128 / Double(PageGeometry.pageSize)
        let free = Int(Double(pageCount) * (state.freeShare - descriptors))
        guard Double(needed) > Double(free) * share else { return nil }
        return "needs \(needed) free pages, \(state) leaves about \(free) of \(pageCount)"
    }

    /// The value of `key` in `extra`.
    func parameter(_ key: String) -> String? {
        extra?.split(separator: ";").first { $0.hasPrefix(key + "=") }.map { String($0.dropFirst(key.count + 1)) }
    }
}
