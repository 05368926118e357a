import CMemfd
import Foundation
import Histogram

/// Runs the configured matrix, one workload variant at a time. Each round builds a fresh
/// machine for every layout of the run (in a shuffled order, so which layout gets which
/// memory is a coin flipped anew every round, and on every CPU at once), prepares their rows, the floors and the
/// jemalloc row, and times them side by side (`RoundScheduler`); a round is the unit of
/// inference, so rows of one round are paired. A variant's rows are handed to `emit` as
/// soon as its last round is done.
public struct BenchmarkRunner {
    public let configuration: BenchmarkConfiguration

    public init(_ configuration: BenchmarkConfiguration) { self.configuration = configuration }

    public func run(progress: (String) -> Void, emit: (BenchmarkResult) throws -> Void) throws {
        let groups = machineGroups()
        if groups.count > 1 {
            progress("the \(configuration.instances.count) machines do not fit in memory together: measured in \(groups.count) groups")
        }
        defer { if configuration.pin { _ = pb_pin_to_cpu(-1) } }
        var probe = HostProbe(seed: configuration.seed)
        var budget = rerunBudget
        for workload in configuration.workloads {
            for variant in workload.variants(quick: configuration.quick, states: configuration.states, traces: configuration.traces) {
                if let reason = workload.skipReason(variant, pageCount: configuration.pageCount) {
                    progress("skip \(workload.rawValue) \(variant.name): \(reason)")
                    continue
                }
                let plan = workload.plan(configuration.plan, variant)
                budget.plan(plan.rounds)
                let rows = try Self.rounds(plan.rounds, rerunBudget: &budget.left, progress: {
                    progress("\(workload.rawValue) \(variant.name) \($0)")
                }) { round, attempt in
                    try measureRound(workload, variant, plan: plan, round: round, attempt: attempt, groups: groups, probe: &probe)
                }
                let order = configuration.instances.map(\.label)
                for row in rows.results(workload: workload, arenaBytes: configuration.arenaBytes, order: order) { try emit(row) }
            }
        }
    }

    /// A variant's `count` rounds, each from `measure(round, attempt)`. A round during which
    /// the host contended the core is measured again on fresh machines and its samples
    /// dropped, up to half of `count` times and while the run's `rerunBudget` lasts; after
    /// that contended rounds are kept (their samples carry the probe's reading).
    static func rounds(_ count: Int, rerunBudget: inout Int, progress: (String) -> Void,
                       measure: (_ round: Int, _ attempt: Int) throws -> MeasuredRound) rethrows -> RowAccumulator {
        var rows = RowAccumulator()
        var round = 0, attempt = 0, again = false
        while round < count {
            progress("round \(round + 1)/\(count)\(again ? " again" : "")")
            let measured = try measure(round, attempt)
            attempt += 1
            if let why = measured.contention, rows.roundsRunAgain < count / 2, rerunBudget > 0 {
                progress("round \(round + 1)/\(count): \(why): run again")
                rows.roundsRunAgain += 1
                rerunBudget -= 1
                again = true
                continue
            }
            again = false
            for sample in measured.samples { rows.add(sample) }
            round += 1
        }
        return rows
    }

    /// Rounds a run may measure again: a tenth of the rounds planned so far, rounded up,
    /// less those measured again already, so the budget is spread over the run and what a
    /// quiet variant leaves passes to the next. When the host contended the core for most of
    /// an hour, each variant's own cap alone (half its rounds) let a default run measure 141
    /// rounds again, take 393 s and still keep 159 contended rounds (`results/parallel-setup/`).
    /// Rounded up, the run's first variant has one: rounded down (`883b7a1`), its 6 rounds
    /// had none, and the first row of `results/reference.csv` kept a contended round.
    /// With `--keep-contended` (`measuresAgain` false) it stays empty.
    struct RerunBudget {
        let measuresAgain: Bool
        private(set) var planned = 0
        var left = 0

        init(measuresAgain: Bool) { self.measuresAgain = measuresAgain }

        mutating func plan(_ rounds: Int) {
            if measuresAgain { left += (planned + rounds + 9) / 10 - (planned + 9) / 10 }
            planned += rounds
        }
    }

    /// The run's budget before its first variant: empty, and kept so, with `--keep-contended`.
    var rerunBudget: RerunBudget { RerunBudget(measuresAgain: configuration.rerunContended) }

    /// What one round measured: every row's sample, and why the host made it unfit, if it did.
    struct MeasuredRound {
        var samples: [RowAccumulator.Sample] = []
        var contention: String?
    }

    /// One round of one variant: each group of machines prepared and timed together. The
    /// `attempt` (rounds begun for the variant, run again or not) draws the round's places,
    /// orders and CPU; `round` pairs its rows.
    func measureRound(_ workload: WorkloadID, _ variant: WorkloadVariant, plan: TimingPlan, round: Int, attempt: Int,
                      groups: [[(id: LayoutID, label: String)]], probe: inout HostProbe) throws -> MeasuredRound {
        let cpus = ProcessInfo.processInfo.activeProcessorCount
        if configuration.pin { _ = pb_pin_to_cpu(Int32(attempt % cpus)) }
        let cpu = Int(pb_current_cpu())
        probe.calibrate(cpu: cpu)
        let setup = Setup(pageCount: configuration.pageCount, seed: configuration.seed, references: configuration.references,
                          verify: configuration.verify, workload: workload.rawValue, state: variant.state ?? .default,
                          traces: ReplayTrace.byName(configuration.traces),
                          machineOffset: Setup.machineOffset(seed: configuration.seed, round: attempt), cpu: cpu)
        var random = WorkloadRandom(seed: configuration.seed &+ UInt64(attempt) &* 0x9e37)
        var measured = MeasuredRound()
        for (g, group) in groups.enumerated() {
            // Machines are made in a shuffled order, on every CPU at once: where each lands is
            // randomised on purpose.
            let order = random.shuffled(group)
            var made = concurrentMap(order.count) { i in
                var visitor = Preparation(workload: workload, variant: variant, setup: setup,
                                          hugePageMemmap: configuration.hugePageMemmap, checkPages: configuration.checkPages,
                                          hugePageDescriptors: configuration.hugePageDescriptors,
                                          hugePageArena: configuration.hugePageArena)
                return order[i].id.visit(&visitor)
            }
            var prepared: [(label: String, row: PreparedRow, facts: RoundFacts?)] = []
            for (i, result) in made.enumerated() {
                let (rowsOfLayout, facts) = try result.get()
                prepared += rowsOfLayout.map { (order[i].label, $0, facts) }
            }
            var jemallocRow = JemallocPreparation(variant: variant, setup: setup)
            if g == 0 && configuration.references, let jemalloc = workload.visit(&jemallocRow) {
                prepared.append(("jemalloc", jemalloc, nil))
            }
            let timings = RoundScheduler(plan: plan, seed: configuration.seed).run(prepared.map(\.row.subject), round: attempt,
                                                                                   probe: &probe)
            // Each group of machines has its own reading; any contended one makes the round so.
            let host = probe.endRound()
            if let host, let why = probe.contention(host, cpu: cpu), measured.contention == nil { measured.contention = why }
            let apart = [groups.count > 1 ? "measured with \(group.map(\.label).joined(separator: " ")) only" : "",
                         configuration.checkPages ? "check_pages_enabled on" : "",
                         configuration.hugePageDescriptors ? "" : "descriptors on 4 KiB pages"].filter { !$0.isEmpty }.joined(separator: "; ")
            // Rows of different groups were not timed together: their rounds are numbered
            // apart (from 1000 per group), so nothing pairs them.
            let key = g * 1000 + round
            for (i, p) in prepared.enumerated() {
                let extras = try p.row.finish()
                let (layout, name) = rowName(p.row, label: p.label, variant: variant)
                let sample = RoundSample(round: key, nsPerOp: timings[i].nsPerOp, opsPerRep: timings[i].opsPerRep, cpu: cpu,
                                         memmapHugeShare: p.facts?.memmap?.hugeShare,
                                         descriptorHugeShare: p.facts?.descriptorHugeShare,
                                         warmupMilliseconds: Double(timings[i].warmupNanoseconds) / 1e6,
                                         hostComputeNanoseconds: host?.computeNanoseconds,
                                         hostChaseNanoseconds: host?.chaseNanoseconds,
                                         note: [apart, p.facts?.hugePageArena == true ? "memory on huge pages" : ""]
                                             .filter { !$0.isEmpty }.joined(separator: "; "))
                measured.samples.append(.init(layout: layout, variant: name, sample: sample, batchTimes: timings[i].batchTimes,
                                              opsPerBatch: p.row.subject.opsPerBatch, checksum: p.row.subject.checksum,
                                              extras: extras))
            }
            prepared.removeAll()
            releaseConcurrently(&made)
        }
        return measured
    }

    /// The row's `layout` and `variant` columns; a floor names the layout it mirrors.
    func rowName(_ row: PreparedRow, label: String, variant: WorkloadVariant) -> (String, String) {
        switch row.role {
        case .layout: (label, variant.name)
        case .floor: ("floor", (variant.name.isEmpty ? "" : variant.name + ";") + "layout=\(label)")
        case .jemalloc: ("jemalloc", variant.name)
        }
    }

    /// The layouts split into groups whose machines fit in memory together: one group
    /// unless the arena is large (a 1 TiB legacy64 machine alone needs 16 GiB of memmap).
    func machineGroups() -> [[(id: LayoutID, label: String)]] {
        let budget = Int(Double(availableMemoryBytes() ?? Int.max / 2) * 0.6)
        var groups: [[(id: LayoutID, label: String)]] = [[]]
        var used = 0
        for instance in configuration.instances {
            let need = footprint(instance.id)
            if used + need > budget && !groups[groups.count - 1].isEmpty {
                groups.append([])
                used = 0
            }
            groups[groups.count - 1].append(instance)
            used += need
        }
        return groups
    }

    /// What one machine of a layout costs while it is measured: its memmap, descriptors and
    /// slabs of a half-full set-up (about 8 bytes per page), and a margin (which also holds
    /// the jemalloc row: its blocks are never written, its pointers take at most 8 MiB).
    /// With `hugePageArena` every 2 MiB written is backed whole: links in free pages reach
    /// most of them, so the whole arena is counted.
    func footprint(_ id: LayoutID) -> Int {
        let data = configuration.hugePageArena ? configuration.pageCount << PageGeometry.pageShift : configuration.pageCount * 8
        return id.type.memmapBytes(pageCount: configuration.pageCount) + data + (32 << 20)
    }

    func availableMemoryBytes() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("MemAvailable:") }),
              let kb = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else { return nil }
        return kb * 1024
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

/// One layout's machine for a round, and the rows its workload prepares on it. A memmap
/// that did not get its huge pages is made once more: the run should not turn on it.
/// Both the layout and the workload are reached through their `switch`es, so the rows'
/// batches are specialised for the pair.
struct Preparation: LayoutVisitor {
    let workload: WorkloadID
    let variant: WorkloadVariant
    let setup: Setup
    let hugePageMemmap: Bool
    var checkPages = false
    var hugePageDescriptors = true
    var hugePageArena = false

    mutating func visit<L: PageLayout>(_: L.Type) -> Result<([PreparedRow], RoundFacts), BenchmarkError> {
        Result { () throws(BenchmarkError) in
            let box = try machine(L.self)
            var rows = Rows(box: box, variant: variant, setup: setup)
            let prepared = try workload.visit(&rows).get()
            return (prepared, RoundFacts(memmap: box.memmapFacts, descriptorHugeShare: box.machine.descriptorHugeShare,
                                         hugePageArena: box.machine.hugePageArena))
        }
    }

    /// The machine, made once more (after the first is unmapped) if its memmap, at least
    /// two huge pages large, got less than 90 % of them.
    func machine<L: PageLayout>(_: L.Type) throws(BenchmarkError) -> MachineBox<L> {
        let box = try makeBox(L.self)
        let retry = hugePageMemmap && !L.hugeTLBVmemmapOptimization && L.memmapBytes(pageCount: setup.pageCount) >= 4 << 20
        guard retry, let facts = box.memmapFacts, facts.hugeShare < 0.9 else { return box }
        _ = consume box
        return try makeBox(L.self)
    }

    func makeBox<L: PageLayout>(_: L.Type) throws(BenchmarkError) -> MachineBox<L> {
        do {
            return try MachineBox<L>(pageCount: setup.pageCount, hugePageMemmap: hugePageMemmap, checkPages: checkPages,
                                     hugePageDescriptors: hugePageDescriptors, hugePageArena: hugePageArena,
                                     pageOffset: setup.machineOffset)
        } catch { throw .machine(error) }
    }

    struct Rows<L: PageLayout>: WorkloadVisitor {
        let box: MachineBox<L>
        let variant: WorkloadVariant
        let setup: Setup

        /// The workload's rows, on the machine in the variant's state: built here unless the
        /// workload builds it itself, and then its set-up counters go on the layout row. The
        /// state's allocations stay for the round; only their handles are dropped.
        func visit<W: Workload>(_: W.Type) -> Result<[PreparedRow], BenchmarkError> {
            Result { () throws(BenchmarkError) in
                guard !W.buildsState else { return try W.prepare(box, variant, setup) }
                let state = FilledMachine(box.machine, state: setup.state, seed: setup.seed)
                try setup.check(box.machine, "set-up")
                let counters = state.counters
                return try W.prepare(box, variant, setup).map { $0.counting(counters) }
            }
        }
    }
}

/// What a round records of a machine that can make it fast or slow: whether the kernel gave
/// its memmap (when made) and its descriptor pageblocks (once set up) their huge pages.
struct RoundFacts {
    var memmap: MappingFacts?
    var descriptorHugeShare: Double?
    /// The machine's simulated memory asks for huge pages (`--huge-arena`).
    var hugePageArena = false
}

/// The jemalloc row of a workload variant, reached through the workload's `switch`.
struct JemallocPreparation: WorkloadVisitor {
    let variant: WorkloadVariant
    let setup: Setup

    func visit<W: Workload>(_: W.Type) -> PreparedRow? { W.prepareJemalloc(variant, setup) }
}

/// The rounds of a variant's rows, gathered in the order the rows first appear.
struct RowAccumulator {
    struct Row {
        var layout: String
        var variant: String
        var rounds: [RoundSample] = []
        var histogram = Histogram<UInt64>(highestTrackableValue: 3_600_000_000_000, numberOfSignificantValueDigits: .three)
        var opsPerBatch = 0
        var checksum: UInt64 = 0
        var extras: [RowExtras] = []
    }

    /// One row's part of one round.
    struct Sample {
        var layout: String
        var variant: String
        var sample: RoundSample
        var batchTimes: [UInt64]
        var opsPerBatch: Int
        var checksum: UInt64
        var extras: RowExtras
    }

    var rows: [Row] = []
    /// Rounds of the variant measured and then run again (`MeasuredRound.contention`).
    var roundsRunAgain = 0

    mutating func add(_ s: Sample) {
        let i = rows.firstIndex { $0.layout == s.layout && $0.variant == s.variant } ?? {
            rows.append(Row(layout: s.layout, variant: s.variant))
            return rows.count - 1
        }()
        rows[i].rounds.append(s.sample)
        for t in s.batchTimes { _ = rows[i].histogram.record(t) }
        rows[i].opsPerBatch = s.opsPerBatch
        rows[i].checksum &+= s.checksum
        rows[i].extras.append(s.extras)
    }

    /// The rows in the run's layout order (each layout, then its floor; jemalloc last), not
    /// the first round's shuffled one. A counter is the mean over rounds (0 where a round
    /// did not report it).
    func results(workload: WorkloadID, arenaBytes: Int, order: [String]) -> [BenchmarkResult] {
        func rank(_ row: Row) -> Double {
            let label = row.layout == "floor" ? String(row.variant.split(separator: "=").last ?? "") : row.layout
            return (order.firstIndex(of: label).map(Double.init) ?? Double(order.count)) + (row.layout == "floor" ? 0.5 : 0)
        }
        return rows.sorted { rank($0) < rank($1) }.map { row in
            let last = row.extras.last!
            var names: [CounterName] = []
            for extras in row.extras { for c in extras.counters where !names.contains(c.name) { names.append(c.name) } }
            let counters = names.map { name in
                Counter(name, row.extras.reduce(0) { $0 + ($1.counters.first { $0.name == name }?.value ?? 0) }
                    / Double(row.extras.count))
            }
            var notes = Set(row.rounds.map(\.note).filter { !$0.isEmpty })
            if roundsRunAgain > 0 { notes.insert("\(roundsRunAgain) round(s) run again: host probe over \(HostProbe.contendedRatio)x its quiet level") }
            return BenchmarkResult(layout: row.layout, workload: workload, variant: row.variant, arenaBytes: arenaBytes,
                                   rounds: row.rounds, batchP50: Double(row.histogram.valueAtPercentile(50)),
                                   batchP99: Double(row.histogram.valueAtPercentile(99)), opsPerBatch: row.opsPerBatch,
                                   checksum: row.checksum, metadataBytesPerPage: last.metadataBytesPerPage,
                                   counters: counters, note: ([last.note] + notes.sorted()).filter { !$0.isEmpty }.joined(separator: "; "))
        }
    }
}
