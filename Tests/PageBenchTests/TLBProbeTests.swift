import Testing
@testable import PageBench

/// The TLB probe's loads hit the L1 cache and spread over the TLB's sets, so that only the
/// translations decide their time (`TLBProbe.offset`); its page counts are a quarter octave apart.
@Suite("TLB probe")
struct TLBProbeTests {
    @Test(arguments: [1, 8])
    func loadsStayInOnePhysicalPageOnFewLinesPerCacheSet(parts: Int) {
        var lines: Set<Int> = []
        for page in 0..<4096 {
            var pieces: Set<Int> = []
            for part in 0..<parts {
                let offset = TLBProbe.offset(page: page, part: part, parts: parts)
                // Inside alias `page`, in its first MiB, on a line boundary.
                #expect(offset / (2 << 20) == page && offset % (2 << 20) < 1 << 20 && offset % 64 == 0)
                lines.insert(offset % (2 << 20))
                pieces.insert((offset % (2 << 20)) >> 12)
            }
            // A page's loads take 4 KiB pieces of their own, differing in the low 3 bits of
            // the piece number's top part (bits 5-7), not in high bits a TLB does not index by.
            #expect(pieces.count == parts)
            #expect(Set(pieces.map { $0 >> 5 & 7 }).count == parts)
        }
        // At most 256 distinct lines, at most 4 in each of 64 cache sets.
        #expect(lines.count <= 256)
        let perSet = Dictionary(grouping: lines) { $0 >> 6 & 63 }.values.map(\.count)
        #expect(perSet.max()! <= 4)
    }

    @Test func pageCountsAreAQuarterOctaveApartWithoutRepeats() {
        let counts = TLBProbe.pageCounts(from: 1)
        #expect(counts.prefix(9) == [1, 2, 3, 4, 5, 6, 7, 8, 10])
        #expect(zip(counts, counts.dropFirst()).allSatisfy { $0 < $1 })
        #expect(counts.last == TLBProbe.maxPages)
        #expect(TLBProbe.pageCounts(from: 8).count == 41)
    }
}
