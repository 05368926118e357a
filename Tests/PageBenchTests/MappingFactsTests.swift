@testable import PageBench
import Testing

/// Each round records whether the memmap got its huge pages, read from smaps.
@Suite("Mapping facts")
struct MappingFactsTests {
    static let smaps = """
    7f0000000000-7f0000200000 rw-p 00000000 00:00 0
    Rss:                2048 kB
    AnonHugePages:      2048 kB
    7f0000200000-7f0000201000 rw-p 00000000 00:00 0
    Rss:                   4 kB
    AnonHugePages:         0 kB
    7f0000201000-7f0000400000 rw-p 00000000 00:00 0
    Rss:                 100 kB
    AnonHugePages:         0 kB
    """

    @Test func sumsTheVMAsInsideTheMapping() throws {
        let facts = try #require(MappingFacts.parse(smaps: Self.smaps, range: 0x7f00_0000_0000..<0x7f00_0020_1000))
        #expect(facts == MappingFacts(residentBytes: 2052 << 10, hugePageBytes: 2048 << 10))
        #expect(facts.hugeShare > 0.99 && facts.hugeShare < 1)
    }

    @Test func aMappingNotInSmapsHasNoFacts() {
        #expect(MappingFacts.parse(smaps: Self.smaps, range: 0x1000..<0x2000) == nil)
    }

    @Test func aRealMemmapGetsItsHugePages() throws {
        let machine = try Machine<Legacy64>(pageCount: 1 << 16, hugePageMemmap: true)
        let read = machine.memmapFacts
        let facts = try #require(read)
        #expect(facts.residentBytes >= Legacy64.memmapBytes(pageCount: 1 << 16))
        // On a 2 MiB boundary, so the whole memmap can be on huge pages, whatever its length.
        #expect(Int(bitPattern: machine.layout.memmap) % (2 << 20) == 0)
    }
}
