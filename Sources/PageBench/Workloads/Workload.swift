import CJemalloc

/// A workload: what it models, its variants, and how it sets up the rows it times. Each
/// is one file, registered in `WorkloadID`; the runner, `list`, the tests and `cachegrind`
/// know workloads only through this protocol.
protocol Workload {
    /// What the workload models in kernel terms (`benchmarks list`, the README).
    static var summary: String { get }
    static func variants(quick: Bool) -> [WorkloadVariant]
    /// Whether its layout rows come with a `floor` row (the lookups).
    static var hasFloor: Bool { get }
    /// Whether it has a `jemalloc` row (`prepareJemalloc`).
    static var hasJemalloc: Bool { get }
    /// Whether its set-up builds the machine state (`--state`) itself, keeping the handles it
    /// churns; for the others the runner builds the state before their set-up. Either way
    /// every variant runs once per state.
    static var buildsState: Bool { get }
    /// Why `variant` cannot run on a machine of `pageCount` pages, or nil.
    static func skipReason(_ variant: WorkloadVariant, pageCount: Int) -> String?
    /// The rounds and repetitions `variant` gets of the run's `plan`. A variant whose paired
    /// rounds scatter more gets more rounds, fixed in advance: rounds added until an interval
    /// looked narrow enough would make intervals that cover less than they say.
    static func plan(_ run: TimingPlan, _ variant: WorkloadVariant) -> TimingPlan
    /// Set up the rows of one layout's machine for `variant`: the layout's row first,
    /// then its floor when the workload has one and references are on.
    static func prepare<L: PageLayout>(_ box: MachineBox<L>, _ variant: WorkloadVariant,
                                       _ setup: Setup) throws(BenchmarkError) -> [PreparedRow]
    /// jemalloc doing the same work, or nil when it has no counterpart.
    static func prepareJemalloc(_ variant: WorkloadVariant, _ setup: Setup) -> PreparedRow?
}

extension Workload {
    static var hasFloor: Bool { false }
    static var hasJemalloc: Bool { false }
    static var buildsState: Bool { false }
    static func skipReason(_: WorkloadVariant, pageCount _: Int) -> String? { nil }
    static func plan(_ run: TimingPlan, _: WorkloadVariant) -> TimingPlan { run }
    static func prepareJemalloc(_: WorkloadVariant, _: Setup) -> PreparedRow? { nil }
}

/// What a workload's set-up needs to know of the run.
struct Setup {
    var pageCount: Int
    var seed: UInt64
    /// Also prepare the floor rows.
    var references: Bool
    /// Check the machine's invariants after the set-up and after the run (untimed).
    var verify: Bool
    var workload: String
    /// The machine state its set-up builds.
    var state: MachineState = .default
    /// The traces of the run (`trace`'s rows), by name.
    var traces: [String: ReplayTrace] = [:]
    /// Where in its page every machine of the round sits (`MachineBox`).
    var machineOffset = 0
    /// The CPU the round is timed on: machines may be set up on another (`Preparation`).
    var cpu = currentCPU()

    /// The most bytes a `Machine` struct may have, of any layout: its place is drawn to leave
    /// it room in the window (`MachineBox`).
    static let machineBytesLimit = 640

    /// A round's machine place: a multiple of 64 bytes in the control block's window, the
    /// same for every machine of the round, so what the place costs lands on every row of the
    /// round alike and moves from round to round (drawn from `--seed` and the round).
    static func machineOffset(seed: UInt64, round: Int) -> Int {
        var random = WorkloadRandom(seed: (seed ^ 0x3ac4_1ace) &+ UInt64(round) &* 0x9e37)
        return 64 * random.below((ControlBlock.machineWindow - machineBytesLimit) / 64 + 1)
    }

    func check<L>(_ machine: borrowing Machine<L>, _ when: String) throws(BenchmarkError) {
        guard verify else { return }
        let problems = machine.checkInvariants() + (machine.layout.globals.pointee.lastBadPage.map { ["\($0)"] } ?? [])
        if !problems.isEmpty {
            throw .invariants(layout: L.name, workload: "\(workload) \(when)", problems: problems)
        }
    }
}

/// One row of a round, prepared and ready to time.
struct PreparedRow {
    enum Role { case layout, floor, jemalloc }
    var role: Role
    var subject: any TimedSubject
    /// Untimed, after the round's timing: what the row reports besides its times.
    var finish: () throws(BenchmarkError) -> RowExtras
}

/// What a row reports besides its times.
struct RowExtras {
    var metadataBytesPerPage: Double
    var counters: [Counter] = []
    var note: String = ""
}

extension RowExtras {
    /// A layout row's extras: `counters` and the data pages resident as the run left the
    /// machine, then its settled metadata (`settledMetadata` shrinks the caches first).
    init<L: PageLayout>(layout machine: borrowing Machine<L>, counters: [Counter], note: String = "") {
        let counters = counters + machine.dataResidency.counters
        let usage = machine.settledMetadata
        self.init(metadataBytesPerPage: usage.bytesPerPage,
                  counters: counters + [Counter(.arithmeticBytesPerPage, usage.arithmeticBytesPerPage)], note: note)
    }
}

extension PreparedRow {
    /// A layout row whose extras are `counters()` (read first, while the batch's state is
    /// as the run left it) and the machine's settled metadata; with `checking`, the
    /// machine's invariants are checked after the run (`--verify`).
    static func layout<L: PageLayout, B: TimedBatch & ~Copyable>(
        _ batch: consuming B, on box: MachineBox<L>, checking setup: Setup? = nil, note: String = "",
        counters: @escaping (Subject<B>) -> [Counter] = { _ in [] }) -> PreparedRow {
        let subject = Subject(batch, owner: box)
        return PreparedRow(role: .layout, subject: subject) { () throws(BenchmarkError) in
            try setup?.check(box.machine, "after the run")
            return RowExtras(layout: box.machine, counters: counters(subject), note: note)
        }
    }

    /// The row with `extra` added to what it reports, when it is a layout row.
    func counting(_ extra: [Counter]) -> PreparedRow {
        guard role == .layout else { return self }
        let finish = self.finish
        return PreparedRow(role: role, subject: subject) { () throws(BenchmarkError) in
            var extras = try finish()
            extras.counters += extra
            return extras
        }
    }

    /// The floor row of a layout: the same loads in C over the same memmap.
    static func floor<L: PageLayout, B: TimedBatch & ~Copyable>(_ batch: consuming B, on box: MachineBox<L>) -> PreparedRow {
        PreparedRow(role: .floor, subject: Subject(batch, owner: box)) {
            RowExtras(metadataBytesPerPage: box.machine.settledMetadata.bytesPerPage, note: "C loads over the \(L.name) memmap")
        }
    }

    /// A jemalloc row: its arena's `stats.metadata` per page of the arena.
    static func jemalloc<B: TimedBatch & ~Copyable>(_ batch: consuming B, pageCount: Int,
                                                   counters: @escaping (Subject<B>) -> [Counter] = { _ in [] }) -> PreparedRow {
        let subject = Subject(batch, owner: nil)
        return PreparedRow(role: .jemalloc, subject: subject) {
            RowExtras(metadataBytesPerPage: Double(pb_metadata_bytes()) / Double(pageCount),
                      counters: counters(subject), note: "Debian libjemalloc2, the process's malloc")
        }
    }
}

extension Machine {
    /// Metadata once an RCU grace period has passed: the typesafe descriptor caches give
    /// back their empty slabs (`shrink`), so what remains is what the live state needs.
    var settledMetadata: MetadataUsage {
        shrink()
        return metadata
    }
}
