import CJemalloc

/// Runs the configured matrix: for each workload and variant, each layout on a fresh
/// machine (followed by its floor row for the lookups), then the jemalloc row. Rows are
/// handed to `emit` as soon as they are measured.
public struct BenchmarkRunner {
    public let configuration: BenchmarkConfiguration

    public init(_ configuration: BenchmarkConfiguration) { self.configuration = configuration }

    public func run(progress: (String) -> Void, emit: (BenchmarkResult) throws -> Void) throws {
        for workload in configuration.workloads {
            for variant in workload.variants(quick: configuration.quick) {
                if let reason = skipReason(workload, variant) {
                    progress("skip \(workload.rawValue) \(variant.name): \(reason)")
                    continue
                }
                for id in configuration.layouts {
                    progress("\(workload.rawValue) \(variant.name) \(id.rawValue)")
                    var rows = LayoutRows(configuration: configuration, workload: workload, variant: variant)
                    for row in try id.visit(&rows).get() { try emit(row) }
                }
                if configuration.references && workload.hasJemalloc {
                    progress("\(workload.rawValue) \(variant.name) jemalloc")
                    try emit(JemallocRow(configuration: configuration, workload: workload, variant: variant).run())
                }
            }
        }
    }

    /// A variant that cannot fit the arena is skipped rather than measured half-failing.
    func skipReason(_ workload: WorkloadID, _ variant: WorkloadVariant) -> String? {
        guard workload == .allocFree, let order = variant.order, let batch = variant.batch else { return nil }
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

/// The rows of one layout for one workload variant: set up a machine, measure, add the floor.
struct LayoutRows: LayoutVisitor {
    let configuration: BenchmarkConfiguration
    let workload: WorkloadID
    let variant: WorkloadVariant

    mutating func visit<L: PageLayout>(_: L.Type) -> Result<[BenchmarkResult], BenchmarkError> {
        Result { () throws(BenchmarkError) in try rows(L.self) }
    }

    func rows<L: PageLayout>(_: L.Type) throws(BenchmarkError) -> [BenchmarkResult] {
        let machine: Machine<L>
        do {
            machine = try Machine<L>(pageCount: configuration.pageCount, hugePageMemmap: configuration.hugePageMemmap)
        } catch {
            throw .machine(error)
        }
        let plan = configuration.plan, seed = configuration.seed, references = configuration.references
        var notes: [String] = []
        var measurement: Measurement
        var floor: Measurement? = nil
        // Metadata is read in the workload's steady state, before its set-up is released.
        var metadata = 0.0

        switch workload {
        case .allocFree:
            measurement = withUnsafePointer(to: machine) { ref in
                var batch = AllocFree.Pages<L>(ref, order: variant.order!, batch: variant.batch!)
                defer { batch.live.deallocate() }
                let m = measure(&batch, plan: plan)
                if batch.failures > 0 { notes.append("\(batch.failures) allocations failed") }
                return m
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
            metadata = machine.metadata.bytesPerPage
            final.release(machine)
        case .lookupRandom, .lookupScan:
            let state = HalfFullMachine(machine, seed: seed)
            try check(machine, "set-up")
            (measurement, floor) = withUnsafePointer(to: machine) { ref in
                if workload == .lookupRandom {
                    var batch = LookupRandom.Pages<L>(machine: ref, random: WorkloadRandom(seed: seed))
                    var reference = LookupRandom.Floor<L>(machine: ref, random: WorkloadRandom(seed: seed))
                    return (measure(&batch, plan: plan), references ? measure(&reference, plan: plan) : nil)
                } else {
                    var batch = LookupScan.Pages<L>(machine: ref, pageCount: ref.pointee.pageCount)
                    var reference = LookupScan.Floor<L>(machine: ref, pageCount: ref.pointee.pageCount)
                    return (measure(&batch, plan: plan), references ? measure(&reference, plan: plan) : nil)
                }
            }
            notes.append("\(state.pages.count) page allocations, \(state.objects.count) objects live")
            metadata = machine.metadata.bytesPerPage
            state.release(machine)
        case .kmallocKfree:
            measurement = withUnsafePointer(to: machine) { ref in
                var batch = KmallocKfree.Pages<L>(ref, size: variant.size!, batch: variant.batch!)
                defer { batch.live.deallocate() }
                let m = measure(&batch, plan: plan)
                if batch.failures > 0 { notes.append("\(batch.failures) allocations failed") }
                return m
            }
        }
        if metadata == 0 { metadata = machine.metadata.bytesPerPage }
        var rows = [BenchmarkResult(layout: L.name, workload: workload, variant: variant.name,
                                    arenaBytes: configuration.arenaBytes, measurement: measurement,
                                    metadataBytesPerPage: metadata, note: notes.joined(separator: "; "))]
        if let floor {
            let name = variant.name.isEmpty ? "layout=\(L.name)" : "\(variant.name);layout=\(L.name)"
            rows.append(BenchmarkResult(layout: "floor", workload: workload, variant: name,
                                        arenaBytes: configuration.arenaBytes, measurement: floor,
                                        metadataBytesPerPage: metadata, note: "C loads over the \(L.name) memmap"))
        }
        return rows
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

    func run() -> BenchmarkResult {
        let plan = configuration.plan, seed = configuration.seed
        pb_tcache_flush()
        var note = "Debian libjemalloc2, the process's malloc"
        let measurement: Measurement
        switch workload {
        case .allocFree:
            var batch = AllocFree.Jemalloc(order: variant.order!, batch: variant.batch!)
            measurement = measure(&batch, plan: plan)
            if batch.failures > 0 { note += "; \(batch.failures) allocations failed" }
            batch.live.deallocate()
        case .allocFreeMixed:
            var batch = AllocFreeMixed.Jemalloc(pages: configuration.pageCount, seed: seed)
            measurement = measure(&batch, plan: plan)
            batch.release()
        case .lookupRandom, .lookupScan:
            var batch = LookupRandom.Jemalloc(blocks: min(configuration.pageCount / 2, 1 << 20), seed: seed)
            measurement = measure(&batch, plan: plan)
            batch.release()
        case .kmallocKfree:
            var batch = KmallocKfree.Jemalloc(size: variant.size!, batch: variant.batch!)
            measurement = measure(&batch, plan: plan)
            batch.live.deallocate()
        }
        let metadata = Double(pb_metadata_bytes()) / Double(configuration.pageCount)
        return BenchmarkResult(layout: "jemalloc", workload: workload, variant: variant.name,
                               arenaBytes: configuration.arenaBytes, measurement: measurement,
                               metadataBytesPerPage: metadata, note: note)
    }
}
