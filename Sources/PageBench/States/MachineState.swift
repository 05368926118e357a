/// The machine a workload's set-up builds before it is timed (`--state`): what share of
/// memory is allocated, to what, at which orders, and where.
public enum MachineState: Sendable, Equatable, CustomStringConvertible {
    /// Half the pages allocated, mostly folios of page-cache orders (`StateMix.halfFull`).
    case halfFull
    /// 95 % of the pages allocated, as order-0 folios beside a real machine's slab and
    /// page-table shares: the worst case for separately allocated descriptors.
    case fullOrder0
    /// The mix of this machine after filling its page cache and running a build
    /// (`results/states/page-cache.snapshot`), drawn at random (no root needed).
    case pageCache
    /// A snapshot rebuilt pfn by pfn (`SnapshotReplay`), named after its file.
    case replay(name: String, snapshot: Snapshot)

    public static let `default` = MachineState.halfFull
    public static let builtIn: [MachineState] = [.halfFull, .fullOrder0, .pageCache]

    public var description: String {
        switch self {
        case .halfFull: "half-full"
        case .fullOrder0: "full-order0"
        case .pageCache: "page-cache"
        case .replay(let name, _): "replay:\(name)"
        }
    }

    public static func == (a: MachineState, b: MachineState) -> Bool { a.description == b.description }

    /// `half-full`, `full-order0`, `page-cache` or `replay:FILE` (read here).
    public init(parsing text: String) throws(SnapshotError) {
        if let state = Self.builtIn.first(where: { $0.description == text }) {
            self = state
            return
        }
        guard text.hasPrefix("replay:") else {
            throw .unreadable("unknown machine state '\(text)' (choose from: half-full, full-order0, page-cache, replay:FILE)")
        }
        let path = String(text.dropFirst("replay:".count))
        guard let bytes = readBytes(path) else { throw .unreadable("cannot read snapshot \(path): \(errnoText())") }
        let snapshot = try Snapshot(decoding: bytes)
        guard !SnapshotReplay.windows(snapshot).isEmpty else {
            throw .tooSmall(pages: snapshot.pageCount, usable: snapshot.pageCount - (snapshot.pages[.hole] ?? 0))
        }
        let file = path.split(separator: "/").last.map(String.init) ?? path
        let name = file.hasSuffix(".snapshot") ? String(file.dropLast(".snapshot".count)) : file
        self = .replay(name: name, snapshot: snapshot)
    }

    /// About what share of the pages the state leaves free, before the descriptors the
    /// memdesc layouts allocate: what a workload's own allocations can count on.
    var freeShare: Double {
        if let mix { return 1 - Double(mix.filled.numerator) / Double(mix.filled.denominator) }
        guard case .replay(_, let snapshot) = self else { return 1 }
        let pages = snapshot.pages
        return Double(pages[.free] ?? 0) / Double(max(snapshot.pageCount - (pages[.hole] ?? 0), 1))
    }

    /// The random mix the state draws from, or nil for a replay.
    var mix: StateMix? {
        switch self {
        case .halfFull: .halfFull
        case .fullOrder0: .fullOrder0
        case .pageCache: .pageCache
        case .replay: nil
        }
    }
}
