/// How much memory this machine's data TLB covers when it is touched at random through
/// 2 MiB pages, as the memmap and the descriptors are: measured, because CPUID does not say
/// (a KVM guest here reads zeros from leaf 0x18) and because a guest's 2 MiB page is held as
/// one translation only when the host maps it with a 2 MiB page too.
///
/// The probe (`TLBProbe` in PageBench) maps one HugeTLB page at `n` 2 MiB-aligned virtual
/// addresses and chases a random cycle through them: each load is an L1 cache hit, so the
/// time per load rises only when the `n` translations outgrow a TLB level. It runs twice:
/// one load per 2 MiB page, and `spreadLoadsPerPage` loads per page, 256 KiB apart. When the
/// second run misses at an eighth of the pages, each 4 KiB of a 2 MiB page takes an entry
/// of its own (the host maps the guest's memory with 4 KiB pages).
public struct TLBReach: Codable, Equatable, Sendable {
    /// One probe point: `pages` 2 MiB virtual pages, nanoseconds per load (the fastest pass).
    public struct Point: Codable, Equatable, Sendable {
        public var pages: Int
        public var ns: Double
        public init(pages: Int, ns: Double) { self.pages = pages; self.ns = ns }
    }

    /// One load per 2 MiB page.
    public var onePerPage: [Point]
    /// `spreadLoadsPerPage` loads per 2 MiB page, in as many 4 KiB pieces of it.
    public var spread: [Point]
    public static let spreadLoadsPerPage = 8

    public init(onePerPage: [Point], spread: [Point]) {
        self.onePerPage = onePerPage
        self.spread = spread
    }

    /// A rise to this many times a level's time per load marks the next level's miss: on this
    /// machine the first-level miss costs 2.4x the hit and the second 4x, while points on the
    /// STLB level wander by up to 1.5x for a point or two (probes of this machine), hence
    /// also the octave a rise must hold for.
    static let stepFactor = 1.5

    /// The largest page counts before each rise in `curve` (sorted by pages): the first is
    /// the first-level TLB's entries, the second the second level's (STLB), to the probe's
    /// resolution (its points are a quarter octave apart). Empty when the curve is flat.
    static func levels(_ curve: [Point]) -> [Int] {
        guard curve.count >= 4 else { return [] }
        var levels: [Int] = []
        // A level's time per load: the median of its first points.
        var level = median(curve.prefix(3).map(\.ns))
        var index = 3
        while index < curve.count, levels.count < 2 {
            // A rise counts when it holds for an octave: a TLB that overflows stays overflowed,
            // a pass that an interrupt slowed does not.
            let threshold = level * stepFactor
            let octave = curve[index...].prefix { $0.pages <= 2 * curve[index].pages }
            guard octave.allSatisfy({ $0.ns > threshold }) else { index += 1; continue }
            levels.append(curve[index - 1].pages)
            // The next level starts where the rise has settled: from twice the pages on.
            let settled = curve.indices.filter { $0 > index && curve[$0].pages >= 2 * curve[index].pages }
            guard settled.count >= 3 else { break }
            level = median(settled.prefix(5).map { curve[$0].ns })
            index = settled[0]
        }
        return levels
    }

    /// Entries of the first-level and the second-level data TLB (nil where the curve shows no rise).
    public var firstLevelEntries: Int? { Self.levels(onePerPage).first }
    public var secondLevelEntries: Int? { Self.levels(onePerPage).dropFirst().first }

    /// The memory one entry covers under random loads: 2 MiB when loads spread over a page
    /// overflow the TLB at (at least half) the page count one load per page does, 4 KiB when
    /// at (at most a quarter of) it, the eighth that one entry per 4 KiB piece gives; nil
    /// in between or when a curve shows no rise.
    public var translationBytes: Int? {
        guard let one = Self.levels(onePerPage).last, let spread = Self.levels(spread).last else { return nil }
        let share = Double(spread) / Double(one)
        return share >= 0.5 ? 2 << 20 : share <= 0.25 ? 4 << 10 : nil
    }

    /// Memory the last measured TLB level covers under random loads: its entries times what
    /// one entry covers.
    public var reachBytes: Int? {
        guard let entries = Self.levels(onePerPage).last, let bytes = translationBytes else { return nil }
        return entries * bytes
    }

    /// "1448 entries of 4 KiB (2 MiB pages split)", for charts and the report.
    public var summary: String? {
        guard let entries = Self.levels(onePerPage).last, let bytes = translationBytes else { return nil }
        return "\(entries) entries x \(ByteSize.format(bytes))"
            + (bytes < 2 << 20 ? " (each 2 MiB page held as 4 KiB translations)" : "")
    }

    private static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted[sorted.count / 2]
    }
}
