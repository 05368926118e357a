import CJemalloc

/// Runs the configured matrix: for each workload, each layout on a fresh machine that runs
/// every variant in turn (each lookup row with its floor row), `rounds` times with the
/// layouts in alternating order; then the jemalloc rows. A workload's rows are handed to
/// `emit` as soon as its last round is measured, the jemalloc rows one by one.
public struct BenchmarkRunner {
    public let configuration: BenchmarkConfiguration

    public init(_ configuration: BenchmarkConfiguration) { self.configuration = configuration }

    public func run(progress: (String) -> Void, emit: (BenchmarkResult) throws -> Void) throws {
        for workload in configuration.workloads {
            var variants: [WorkloadVariant] = []
            for variant in workload.variants(quick: configuration.quick) {
                if let reason = skipReason(workload, variant) {
                    progress("skip \(workload.rawValue) \(variant.name): \(reason)")
                } else {
                    variants.append(variant)
                }
            }
            var pooled: [BenchmarkResult] = []
            for round in 0..<configuration.plan.rounds {
                let layouts = round % 2 == 0 ? configuration.layouts : configuration.layouts.reversed()
                for id in layouts {
                    try withoutActuallyEscaping(progress) { progress in
                        var rows = LayoutRows(configuration: configuration, workload: workload, variants: variants,
                                              progress: { progress("\(workload.rawValue) \($0) \(id.rawValue) round \(round + 1)") },
                                              collect: { Self.pool($0, into: &pooled) })
                        try id.visit(&rows).get()
                    }
                }
            }
            for row in pooled { try emit(row) }
            guard configuration.references && workload.hasJemalloc else { continue }
            for variant in variants {
                progress("\(workload.rawValue) \(variant.name) jemalloc")
                if let row = JemallocRow(configuration: configuration, workload: workload, variant: variant).run() {
                    try emit(row)
                }
            }
        }
    }

    /// Add a round's row to the pooled rows: the first round fixes the order (each layout's
    /// rows, floors after their layout), later rounds add their repetitions.
    static func pool(_ row: BenchmarkResult, into pooled: inout [BenchmarkResult]) {
        if let i = pooled.firstIndex(where: { $0.layout == row.layout && $0.variant == row.variant }) {
            pooled[i].measurement.absorb(row.measurement)
        } else {
            pooled.append(row)
        }
    }

    /// A variant that cannot fit the arena is skipped rather than measured half-failing.
    func skipReason(_ workload: WorkloadID, _ variant: WorkloadVariant) -> String? {
        let order = workload == .hugetlb ? PageGeometry.thpOrder : variant.order
        guard workload == .allocFree || workload == .hugetlb, let order, let batch = variant.batch else { return nil }
        let needed = batch << order
        return needed > configuration.pageCount * 3 / 4
            ? "needs \(needed) pages, the arena has \(configuration.pageCount)" : nil
    }
}

public enum BenchmarkError: Error, CustomStringConvertible {
    case machine(MachineError)
    case invariants(layout: String, workload: String, problems: [String])

    public var description: String {
        switch self {
        case .machine(let e): "cannot create the machine: \(e)"
        case let .invariants(layout, workload, problems):
            "verify: \(layout) \(workload): \(problems.prefix(3).joined(separator: "; "))"
        }
    }
}

/// The rows of one layout for one workload: one machine, every variant on it in turn.
struct LayoutRows: LayoutVisitor {
    let configuration: BenchmarkConfiguration
    let workload: WorkloadID
    let variants: [WorkloadVariant]
    let progress: (String) -> Void
    let collect: (BenchmarkResult) -> Void

    mutating func visit<L: PageLayout>(_: L.Type) -> Result<Void, BenchmarkError> {
        Result { () throws(BenchmarkError) in
            let machine: Machine<L> = try makeMachine()
            for variant in variants {
                progress(variant.name)
                for row in try rows(machine, variant) { collect(row) }
            }
        }
    }

    func makeMachine<L: PageLayout>() throws(BenchmarkError) -> Machine<L> {
        do {
            return try Machine<L>(pageCount: configuration.pageCount, hugePageMemmap: configuration.hugePageMemmap)
        } catch {
            throw .machine(error)
        }
    }

    func rows<L: PageLayout>(_ machine: borrowing Machine<L>, _ variant: WorkloadVariant) throws(BenchmarkError) -> [BenchmarkResult] {
        let plan = configuration.plan, seed = configuration.seed, references = configuration.references
        var notes: [String] = []
        var measurement: Measurement
        var floor: Measurement? = nil
        // Metadata is read in the workload's steady state, before its set-up is released.
        var metadata: MetadataUsage? = nil

        switch workload {
        case .allocFree:
            measurement = withUnsafePointer(to: machine) { ref in
                var batch = LIFOBatch(AllocFree.Folios(machine: ref, order: variant.order!), batch: variant.batch!,
                                      rounds: AllocFree.rounds(batch: variant.batch!))
                return Self.measureLIFO(&batch, plan: plan, notes: &notes)
            }
        case .allocFreeMixed:
            let state = HalfFullMachine(machine, seed: seed)
            try check(machine, "set-up")
            var final = state
            measurement = withUnsafePointer(to: machine) { ref in
                var batch = AllocFreeMixed.Pages<L>(machine: ref, state: state, random: WorkloadRandom(seed: seed ^ 0x5eed))
                let m = measure(&batch, plan: plan)
                if batch.fallbacks > 0 { notes.append("\(batch.fallbacks) fell back to order 0") }
                if batch.failures > 0 { notes.append("\(batch.failures) allocations failed") }
                final = batch.state
                return m
            }
            try check(machine, "after the run")
            metadata = Self.settledMetadata(machine)
            final.release(machine)
        case .lookupRandom, .lookupScan:
            let state = HalfFullMachine(machine, seed: seed)
            try check(machine, "set-up")
            (measurement, floor) = withUnsafePointer(to: machine) { ref in
                if workload == .lookupRandom {
                    var (batch, reference) = LookupRandom.withFloor(ref, seed: seed)
                    return Self.measureWithFloor(&batch, &reference, plan: plan, references: references)
                } else {
                    var batch = LookupScan.Pages<L>(machine: ref, pageCount: ref.pointee.pageCount)
                    var reference = LookupScan.Floor<L>(machine: ref, pageCount: ref.pointee.pageCount)
                    return Self.measureWithFloor(&batch, &reference, plan: plan, references: references)
                }
            }
            notes.append("\(state.pages.count) page allocations, \(state.objects.count) objects live")
            metadata = Self.settledMetadata(machine)
            state.release(machine)
        case .kmallocKfree:
            measurement = withUnsafePointer(to: machine) { ref in
                var batch = LIFOBatch(KmallocKfree.Objects(machine: ref, size: variant.size!), batch: variant.batch!,
                                      rounds: KmallocKfree.rounds(batch: variant.batch!))
                return Self.measureLIFO(&batch, plan: plan, notes: &notes)
            }
        case .concurrentTryGet, .specialistAlloc, .slabFolio, .splitCollapse, .compactionScan, .freeList, .hugetlb:
            return try scenarioRows(machine, variant)
        }
        let usage = metadata ?? Self.settledMetadata(machine)
        notes.append("arithmetic_bytes_per_page=\(usage.arithmeticBytesPerPage)")
        var rows = [BenchmarkResult(layout: L.name, workload: workload, variant: variant.name,
                                    arenaBytes: configuration.arenaBytes, measurement: measurement,
                                    metadataBytesPerPage: usage.bytesPerPage, note: notes.joined(separator: ";"))]
        if let floor {
            let name = variant.name.isEmpty ? "layout=\(L.name)" : "\(variant.name);layout=\(L.name)"
            rows.append(BenchmarkResult(layout: "floor", workload: workload, variant: name,
                                        arenaBytes: configuration.arenaBytes, measurement: floor,
                                        metadataBytesPerPage: usage.bytesPerPage, note: "C loads over the \(L.name) memmap"))
        }
        return rows
    }

    /// Metadata per page once an RCU grace period has passed: the typesafe descriptor caches
    /// give back their empty slabs (`shrink`), so what remains is what the live state needs.
    static func settledMetadata<L>(_ machine: borrowing Machine<L>) -> MetadataUsage {
        machine.shrink()
        return machine.metadata
    }

    static func measureLIFO<A: LIFOAllocator>(_ batch: inout LIFOBatch<A>, plan: TimingPlan,
                                              notes: inout [String]) -> Measurement {
        defer { batch.live.deallocate() }
        let m = measure(&batch, plan: plan)
        if batch.failures > 0 { notes.append("\(batch.failures) allocations failed") }
        return m
    }

    /// A lookup and its floor, repetitions interleaved; the floor alone if references are off.
    static func measureWithFloor<A: TimedBatch, B: TimedBatch>(_ a: inout A, _ b: inout B, plan: TimingPlan,
                                                               references: Bool) -> (Measurement, Measurement?) {
        guard references else { return (measure(&a, plan: plan), nil) }
        let (row, floor) = measure(&a, against: &b, plan: plan)
        return (row, floor)
    }

    func check<L>(_ machine: borrowing Machine<L>, _ when: String) throws(BenchmarkError) {
        guard configuration.verify else { return }
        let problems = machine.checkInvariants()
        if !problems.isEmpty {
            throw .invariants(layout: L.name, workload: "\(workload.rawValue) \(when)", problems: problems)
        }
    }
}

/// The jemalloc row of one workload variant.
struct JemallocRow {
    let configuration: BenchmarkConfiguration
    let workload: WorkloadID
    let variant: WorkloadVariant

    /// Nil for a workload without a jemalloc counterpart (`hasJemalloc`).
    func run() -> BenchmarkResult? {
        let plan = configuration.plan, seed = configuration.seed
        pb_tcache_flush()
        var notes = ["Debian libjemalloc2, the process's malloc"]
        let measurement: Measurement
        switch workload {
        case .allocFree:
            var batch = LIFOBatch(AllocFree.Jemalloc(order: variant.order!), batch: variant.batch!,
                                  rounds: AllocFree.rounds(batch: variant.batch!))
            measurement = LayoutRows.measureLIFO(&batch, plan: plan, notes: &notes)
        case .allocFreeMixed:
            var batch = AllocFreeMixed.Jemalloc(pages: configuration.pageCount, seed: seed)
            measurement = measure(&batch, plan: plan)
            batch.release()
        case .lookupRandom:
            var batch = LookupRandom.Jemalloc(blocks: min(configuration.pageCount / 2, 1 << 20), seed: seed)
            measurement = measure(&batch, plan: plan)
            batch.release()
        case .kmallocKfree:
            var batch = LIFOBatch(KmallocKfree.Jemalloc(size: variant.size!), batch: variant.batch!,
                                  rounds: KmallocKfree.rounds(batch: variant.batch!))
            measurement = LayoutRows.measureLIFO(&batch, plan: plan, notes: &notes)
        default:
            return nil
        }
        let metadata = Double(pb_metadata_bytes()) / Double(configuration.pageCount)
        return BenchmarkResult(layout: "jemalloc", workload: workload, variant: variant.name,
                               arenaBytes: configuration.arenaBytes, measurement: measurement,
                               metadataBytesPerPage: metadata, note: notes.joined(separator: "; "))
    }
}
