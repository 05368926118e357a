@testable import PageBench
import Testing

/// Each round records whether the memmap got its huge pages, read from the page tables
/// (`PAGEMAP_SCAN`) or, on older kernels, from smaps.
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

    /// `hugePageArena` (`--huge-arena`) reaches the simulated memory: its VMA carries `hg`
    /// (VM_HUGEPAGE, which `MADV_HUGEPAGE` sets whatever THP then backs) only when asked.
    @Test func hugePageArenaAdvisesTheSimulatedMemory() throws {
        let plain = try Machine<CHead16>(pageCount: 4096, hugePageMemmap: false)
        let huge = try Machine<CHead16>(pageCount: 4096, hugePageMemmap: false, hugePageArena: true)
        #expect(try #require(Self.vmFlags(at: plain.memory.base)).contains("hg") == false)
        #expect(try #require(Self.vmFlags(at: huge.memory.base)).contains("hg"))
    }

    /// The `VmFlags` of the VMA holding `address`, from `/proc/self/smaps`.
    static func vmFlags(at address: UnsafeRawPointer) -> [Substring]? {
        guard let text = readFile("/proc/self/smaps") else { return nil }
        let wanted = UInt(bitPattern: address)
        var inside = false
        for line in text.split(separator: "\n") {
            if let range = MappingFacts.vmaRange(line) { inside = range.contains(wanted); continue }
            if inside && line.hasPrefix("VmFlags:") { return line.split(separator: " ").dropFirst().map { $0 } }
        }
        return nil
    }

    static let kernelScans: Bool = {
        guard let probe = Mapping(byteCount: 4096) else { return false }
        return MappingFacts.scan(probe.base, byteCount: probe.byteCount) != nil
    }()

    @Test(.enabled(if: kernelScans, "PAGEMAP_SCAN needs Linux 6.7"))
    func theScanCountsTouchedPagesAndNoHugeOnesWithoutAdvice() throws {
        guard let mapping = Mapping(byteCount: 64 << 12) else { Issue.record("mmap failed"); return }
        for page in [0, 1, 2, 9, 20, 63] { mapping.base.storeBytes(of: 1, toByteOffset: page << 12, as: UInt8.self) }
        let facts = try #require(MappingFacts.scan(mapping.base, byteCount: mapping.byteCount))
        #expect(facts == MappingFacts(residentBytes: 6 << 12, hugePageBytes: 0))
        // Only the range asked for: the first half holds five of the six.
        #expect(MappingFacts.scan(mapping.base, byteCount: 32 << 12)?.residentBytes == 5 << 12)
    }

    @Test(.enabled(if: kernelScans, "PAGEMAP_SCAN needs Linux 6.7"))
    func theScanSeesTheHugePagesSmapsSees() throws {
        guard let mapping = Mapping(byteCount: 8 << 20, hugePages: true) else { Issue.record("mmap failed"); return }
        mapping.populate()
        let scanned = try #require(MappingFacts.scan(mapping.base, byteCount: mapping.byteCount))
        let smaps = try #require(MappingFacts.fromSmaps(mapping.base, byteCount: mapping.byteCount))
        #expect(scanned.residentBytes == 8 << 20)
        #expect(scanned.hugePageBytes % (2 << 20) == 0)
        // smaps counts whole VMAs, which may take in a neighbouring mapping of the same kind.
        #expect(scanned.hugePageBytes <= smaps.hugePageBytes && scanned.residentBytes <= smaps.residentBytes)
        if smaps.hugePageBytes >= 8 << 20 { #expect(scanned.hugePageBytes == 8 << 20) }
    }
}
