#if canImport(Glibc)
import Glibc
#endif
import CMemfd

/// What the kernel really gave a mapping: resident bytes and how many of them sit on huge
/// pages. A memmap asked for `MADV_HUGEPAGE` may get 4 KiB pages when the kernel finds no
/// free 2 MiB block, and its lookups then miss the TLB: a fresh machine's speed depends on
/// it, so every round records it. Not for timed code.
public struct MappingFacts: Equatable, Sendable {
    public var residentBytes: Int
    public var hugePageBytes: Int

    /// Share of the resident bytes on huge pages (1 when nothing is resident).
    public var hugeShare: Double { residentBytes == 0 ? 1 : Double(hugePageBytes) / Double(residentBytes) }

    /// The facts of the mapping at `base`, `byteCount` long: from `PAGEMAP_SCAN`, which walks
    /// that range alone, or where the kernel lacks it from `/proc/self/smaps`, which walks
    /// every mapping of the process (with twelve 4 GiB machines mapped, reading it took a third
    /// of the default matrix: 414 s with it, 280 s without); nil if neither can be read.
    public static func of(_ base: UnsafeRawPointer, byteCount: Int) -> MappingFacts? {
        scan(base, byteCount: byteCount) ?? fromSmaps(base, byteCount: byteCount)
    }

    /// The range's present pages and its pages mapped by huge pages, from the page tables.
    static func scan(_ base: UnsafeRawPointer, byteCount: Int) -> MappingFacts? {
        var resident: UInt64 = 0, huge: UInt64 = 0
        guard pb_range_residency(base, UInt64(byteCount), &resident, &huge) == 0 else { return nil }
        return MappingFacts(residentBytes: Int(resident), hugePageBytes: Int(huge))
    }

    /// The same from smaps: whole VMAs, `Rss` and `AnonHugePages` (anonymous THP only).
    static func fromSmaps(_ base: UnsafeRawPointer, byteCount: Int) -> MappingFacts? {
        guard let text = readFile("/proc/self/smaps") else { return nil }
        let start = UInt(bitPattern: base)
        return parse(smaps: text, range: start..<start + UInt(byteCount))
    }

    /// Sums `Rss` and `AnonHugePages` over the smaps entries that overlap `range` (one
    /// mapping can be split into several VMAs by `madvise`, `mlock` or HVO's remapping, and
    /// merged with a neighbouring mapping of the same kind, whose pages then count too).
    static func parse(smaps: String, range wanted: Range<UInt>) -> MappingFacts? {
        var facts = MappingFacts(residentBytes: 0, hugePageBytes: 0)
        var inside = false, found = false
        for line in smaps.split(separator: "\n") {
            if let range = vmaRange(line) {
                inside = range.overlaps(wanted)
                found = found || inside
                continue
            }
            guard inside else { continue }
            if line.hasPrefix("Rss:") { facts.residentBytes += kilobytes(line) * 1024 }
            if line.hasPrefix("AnonHugePages:") { facts.hugePageBytes += kilobytes(line) * 1024 }
        }
        return found ? facts : nil
    }

    /// `7f12a0000000-7f12b0000000 rw-p ...` -> the range; nil for a field line.
    static func vmaRange(_ line: Substring) -> Range<UInt>? {
        guard let dash = line.firstIndex(of: "-"), let space = line.firstIndex(of: " "), dash < space,
              let low = UInt(line[..<dash], radix: 16),
              let high = UInt(line[line.index(after: dash)..<space], radix: 16), low < high else { return nil }
        return low..<high
    }

    static func kilobytes(_ line: Substring) -> Int {
        line.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
    }
}

/// The CPU this thread runs on now.
public func currentCPU() -> Int { Int(pb_current_cpu()) }
