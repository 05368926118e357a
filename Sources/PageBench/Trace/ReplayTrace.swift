/// A trace ready to replay (`run --trace FILE`): compiled once, its programs shared by every
/// layout's row in every round.
public final class ReplayTrace: @unchecked Sendable {
    /// The file's name without `.trace`: the rows' `trace=` and their machine state's name.
    public let name: String
    public let facts: [(key: String, value: String)]
    public let snapshot: Snapshot
    public let eventCount: Int
    public let classification: TraceClassification
    public let operationCounts: [(name: String, count: Int)]
    /// Folio allocations per order (index: the order).
    public let folioAllocationsPerOrder: [Int]
    let programs: [ReplayEvents: ReplayProgram]

    public init(name: String, trace: Trace) {
        self.name = name
        facts = trace.facts
        snapshot = trace.snapshot
        eventCount = trace.events.count
        let classifier = TraceClassifier(trace)
        classification = classifier.classification
        operationCounts = classifier.operationCounts()
        folioAllocationsPerOrder = classifier.folioAllocationsPerOrder()
        var programs: [ReplayEvents: ReplayProgram] = [:]
        for events in ReplayEvents.allCases { programs[events] = classifier.program(events) }
        self.programs = programs
    }

    /// Reads and compiles a trace file.
    public convenience init(path: String) throws(TraceError) {
        let trace = try Trace(contentsOf: path)
        let file = path.split(separator: "/").last.map(String.init) ?? path
        self.init(name: file.hasSuffix(".trace") ? String(file.dropLast(".trace".count)) : file, trace: trace)
    }

    /// The selections with something to replay: one variant each.
    public var eventSets: [ReplayEvents] { ReplayEvents.allCases.filter { programs[$0]!.count > 0 } }

    /// The machine the replay starts from: the snapshot taken when the recording began.
    public var state: MachineState { .replay(name: name, snapshot: snapshot) }

    /// The rows of this trace: one per selection, in the recording's machine state.
    public var variants: [WorkloadVariant] {
        eventSets.map { events in
            var v = WorkloadVariant(extra: "trace=\(name);events=\(events.rawValue)")
            v.state = state
            return v
        }
    }

    func program(_ events: ReplayEvents) -> ReplayProgram { programs[events]! }

    /// `traces` by name, as a set-up finds them (`Setup.traces`); the first of a name wins.
    static func byName(_ traces: [ReplayTrace]) -> [String: ReplayTrace] {
        Dictionary(traces.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// Folios allocated before a selection's replay is timed and kept through it: stand-ins
    /// for pages cached before the recording, and for `lookups` the trace's folios.
    public func residentFolioCount(_ events: ReplayEvents) -> Int { programs[events]!.residentFolios.count }
}
