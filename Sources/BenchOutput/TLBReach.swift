/// How much memory this machine's data TLB covers when it is touched at random through
/// 2 MiB pages, as the memmap and the descriptors are: measured, because CPUID does not say
/// (a KVM guest here reads zeros from leaf 0x18) and because a guest's 2 MiB page is held as
/// one translation only when the host maps it with a 2 MiB page too.
///
/// The probe (`TLBProbe` in PageBench) maps one HugeTLB page at `n` 2 MiB-aligned virtual
/// addresses and chases a random cycle through them: each load is an L1 cache hit, so the
/// time per load rises only when the `n` translations outgrow a TLB level. It runs twice:
/// one load per 2 MiB page, and `spreadLoadsPerPage` loads per page, each in a 4 KiB piece
/// of its own. When the second run misses at an eighth of the pages, each 4 KiB of a 2 MiB
/// page takes an entry of its own (as when a host maps its guest's memory with 4 KiB pages).
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
        // A rise counts when it holds for an octave: a TLB that overflows stays overflowed, a
        // pass that an interrupt slowed does not. So none is read in the curve's last octave.
        while index < curve.count, levels.count < 2, curve[curve.count - 1].pages >= 2 * curve[index].pages {
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

    /// The pages at which loads spread over each page overflow the last TLB level, as a
    /// share of the pages at which one load per page does: 1 when an entry covers the whole
    /// 2 MiB, 1/`spreadLoadsPerPage` when each 4 KiB piece takes one. nil unless both curves
    /// show the same number of levels (a level one curve lacks would be compared with another).
    public var spreadShare: Double? {
        let one = Self.levels(onePerPage), spread = Self.levels(spread)
        guard let last = one.last, let spreadLast = spread.last, one.count == spread.count else { return nil }
        return Double(spreadLast) / Double(last)
    }

    /// The memory one entry covers under random loads: 2 MiB at a `spreadShare` of at least
    /// half, 4 KiB at a quarter or less; nil in between or without a share.
    public var translationBytes: Int? {
        guard let share = spreadShare else { return nil }
        return share >= 0.5 ? 2 << 20 : share <= 0.25 ? 4 << 10 : nil
    }

    /// Memory the last measured TLB level covers under random loads through pages of
    /// `pageBytes` (2 MiB, as the memmap is mapped by default; 4 KiB for a memmap on 4 KiB
    /// pages, which an entry cannot cover more of): its entries times what one entry covers.
    public func reachBytes(pageBytes: Int = 2 << 20) -> Int? {
        guard let entries = Self.levels(onePerPage).last, let bytes = translationBytes else { return nil }
        return entries * min(bytes, pageBytes)
    }

    /// "1448 entries x 4KiB (each 2 MiB page held as 4 KiB translations)", for `run`'s stderr.
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
