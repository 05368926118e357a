/// A machine's physical memory as blocks in pfn order, the way `/proc/kpageflags` shows it
/// (Documentation/admin-guide/mm/pagemap.rst): what each block of 2^order pages is used for.
/// `benchmarks snapshot` takes one (`SnapshotCapture`); `--state replay:FILE` rebuilds it in
/// a machine (`SnapshotReplay`).
///
/// The file is compact: a magic line, the machine's facts as one `key=value` line each up to
/// an empty line, then one record per run of equal blocks: a byte `kind << 4 | order` (orders
/// above 15 are written as 15 followed by the order's byte) and the run's length as a LEB128
/// varint. A 24 GiB machine takes about 40 k records.
public struct Snapshot: Equatable, Sendable {
    /// What a block of pages is used for.
    public enum Kind: UInt8, CaseIterable, Sendable, CustomStringConvertible {
        /// No memory (`KPF_NOPAGE`, or a memory block that is absent or offline).
        case hole = 0
        /// `PG_reserved`: memory the kernel never hands to the buddy allocator.
        case reserved = 1
        /// In the buddy allocator (`KPF_BUDDY`); stored as the aligned blocks it would hold.
        case free = 2
        /// Allocated, with no type kpageflags can tell (kernel stacks, vmalloc, page_pool,
        /// pages on per-CPU lists...): replayed as pages without a memdesc.
        case kernel = 3
        /// A page-cache folio (on the LRU, or mapped, and not anonymous).
        case fileFolio = 4
        /// An anonymous folio (`KPF_ANON`); order 9 is a THP.
        case anonFolio = 5
        /// A HugeTLB folio (`KPF_HUGE`).
        case hugetlb = 6
        /// A slab (`KPF_SLAB`).
        case slab = 7
        /// A page table (`KPF_PGTABLE`).
        case pageTable = 8

        public var description: String {
            switch self {
            case .hole: "hole"
            case .reserved: "reserved"
            case .free: "free"
            case .kernel: "kernel"
            case .fileFolio: "file folio"
            case .anonFolio: "anon folio"
            case .hugetlb: "hugetlb"
            case .slab: "slab"
            case .pageTable: "page table"
            }
        }

        /// Pages of this kind are allocated (not free, and memory that exists).
        public var isAllocated: Bool { self != .hole && self != .free }
    }

    /// `count` consecutive blocks of 2^`order` pages of one kind.
    public struct Run: Equatable, Sendable {
        public var kind: Kind
        public var order: Int
        public var count: Int

        public init(_ kind: Kind, order: Int, count: Int) {
            self.kind = kind
            self.order = order
            self.count = count
        }

        public var pages: Int { count << order }
    }

    /// Where it was taken: kernel release, date, MemTotal, /proc/buddyinfo...
    public var facts: [(key: String, value: String)]
    public var runs: [Run]

    public init(facts: [(key: String, value: String)], runs: [Run]) {
        self.facts = facts
        self.runs = runs
    }

    public static func == (a: Snapshot, b: Snapshot) -> Bool {
        a.runs == b.runs && a.facts.map(\.key) == b.facts.map(\.key) && a.facts.map(\.value) == b.facts.map(\.value)
    }

    public var pageCount: Int { runs.reduce(0) { $0 + $1.pages } }

    public func fact(_ key: String) -> String? { facts.first { $0.key == key }?.value }

    /// Blocks per kind and order: `[kind: [order: blocks]]`.
    public var blocks: [Kind: [Int: Int]] {
        var result: [Kind: [Int: Int]] = [:]
        for run in runs { result[run.kind, default: [:]][run.order, default: 0] += run.count }
        return result
    }

    /// Pages per kind.
    public var pages: [Kind: Int] {
        var result: [Kind: Int] = [:]
        for run in runs { result[run.kind, default: 0] += run.pages }
        return result
    }

    /// Appends `count` blocks, merging with the last run when it is the same.
    public mutating func append(_ kind: Kind, order: Int, count: Int = 1) {
        guard count > 0 else { return }
        if let last = runs.last, last.kind == kind, last.order == order {
            runs[runs.count - 1].count += count
        } else {
            runs.append(Run(kind, order: order, count: count))
        }
    }

    // MARK: File format

    static let magic = "struct-page-bench snapshot 1"

    public func encoded() -> [UInt8] {
        var text = Self.magic + "\n"
        for (key, value) in facts { text += "\(key)=\(value.replacingNewlines)\n" }
        text += "\n"
        var bytes = Array(text.utf8)
        for run in runs {
            if run.order < 15 {
                bytes.append(run.kind.rawValue << 4 | UInt8(run.order))
            } else {
                bytes.append(run.kind.rawValue << 4 | 15)
                bytes.append(UInt8(run.order))
            }
            var n = UInt(run.count)
            while n >= 0x80 {
                bytes.append(UInt8(n & 0x7f) | 0x80)
                n >>= 7
            }
            bytes.append(UInt8(n))
        }
        return bytes
    }

    public init(decoding bytes: [UInt8]) throws(SnapshotError) {
        var index = 0
        func line() throws(SnapshotError) -> String {
            guard let end = bytes[index...].firstIndex(of: 10) else { throw .malformed("the header does not end") }
            defer { index = end + 1 }
            return String(decoding: bytes[index..<end], as: UTF8.self)
        }
        guard try line() == Self.magic else { throw .malformed("not a struct-page-bench snapshot") }
        var facts: [(key: String, value: String)] = []
        while true {
            let text = try line()
            if text.isEmpty { break }
            guard let eq = text.firstIndex(of: "=") else { throw .malformed("fact line without '=': \(text)") }
            facts.append((String(text[..<eq]), String(text[text.index(after: eq)...])))
        }
        var runs: [Run] = []
        while index < bytes.count {
            let head = bytes[index]
            index += 1
            guard let kind = Kind(rawValue: head >> 4) else { throw .malformed("unknown block kind \(head >> 4)") }
            var order = Int(head & 15)
            if order == 15 {
                guard index < bytes.count else { throw .malformed("truncated record") }
                order = Int(bytes[index])
                index += 1
            }
            var count = 0, shift = 0
            while true {
                guard index < bytes.count, shift < 63 else { throw .malformed("truncated record") }
                let b = bytes[index]
                index += 1
                count |= Int(b & 0x7f) << shift
                shift += 7
                if b < 0x80 { break }
            }
            guard order < 40, count > 0 else { throw .malformed("a run of \(count) blocks of order \(order)") }
            runs.append(Run(kind, order: order, count: count))
        }
        self.init(facts: facts, runs: runs)
    }
}

public enum SnapshotError: Error, Equatable, CustomStringConvertible {
    case malformed(String)
    case unreadable(String)
    case tooSmall(pages: Int, usable: Int)

    public var description: String {
        switch self {
        case .malformed(let why): "malformed snapshot: \(why)"
        case .unreadable(let why): why
        case let .tooSmall(pages, usable):
            "the snapshot has \(usable) usable pages of \(pages), and no 4 MiB block with memory in it: nothing to replay"
        }
    }
}

private extension String {
    var replacingNewlines: String { split(separator: "\n", omittingEmptySubsequences: false).joined(separator: " ") }
}
