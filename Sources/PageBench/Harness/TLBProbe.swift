#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Measures this machine's data-TLB reach for 2 MiB pages (BenchOutput's `TLBReach` reads
/// the curves): one HugeTLB page mapped at many 2 MiB-aligned addresses, so every load hits
/// the L1 cache and only the translations grow.
public enum TLBProbe {
    /// The most 2 MiB pages probed: two octaves past the 2048-entry STLBs of current x86 cores
    /// (16 GiB of address space, one VMA each: far below `vm.max_map_count`).
    static let maxPages = 8192

    /// Nanoseconds per load against the number of 2 MiB pages, one load per page and
    /// `loadsPerPage` (in as many 4 KiB pieces of each page).
    public struct Curves {
        public var onePerPage: [(pages: Int, ns: Double)]
        public var spread: [(pages: Int, ns: Double)]
    }

    /// Both curves; throws, saying why, when the probe cannot run (no HugeTLB page to be had).
    public static func measure(seed: UInt64 = 1, loadsPerPage: Int) throws(ProbeError) -> Curves {
        let pool = try HugeTLBPoolPage()
        let reach = try curves(seed: seed, loadsPerPage: loadsPerPage)
        // The aliases are gone (dropped in `curves`): the pool may shrink back now.
        _ = consume pool
        return reach
    }

    static func curves(seed: UInt64, loadsPerPage: Int) throws(ProbeError) -> Curves {
        guard let aliases = AliasedHugePage(count: maxPages) else {
            throw ProbeError("cannot map one HugeTLB page \(maxPages) times")
        }
        var random = WorkloadRandom(seed: seed)
        // Both curves start at 8 translations, below any first-level TLB.
        let one = pageCounts(from: 8).map { ($0, nsPerLoad(aliases, pages: $0, loadsPerPage: 1, &random)) }
        let spread = pageCounts(from: max(1, 8 / loadsPerPage))
            .map { ($0, nsPerLoad(aliases, pages: $0, loadsPerPage: loadsPerPage, &random)) }
        return Curves(onePerPage: one, spread: spread)
    }

    public struct ProbeError: Error, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }

    /// `first` to `maxPages`, a quarter octave apart (rounded, so without repeats).
    static func pageCounts(from first: Int) -> [Int] {
        var counts: [Int] = []
        var exponent = log2(Double(first))
        while Int((pow(2, exponent)).rounded()) <= maxPages {
            let n = Int((pow(2, exponent)).rounded())
            if counts.last != n { counts.append(n) }
            exponent += 0.25
        }
        return counts
    }

    /// The byte offset of load `part` (of `parts`, a divisor of 256) into alias `page`: one
    /// of 256 4 KiB pieces of the page's first MiB, and in it line `piece % 64`. So the loads
    /// touch at most 256 lines of the one physical page, 4 in each set of a 64-set L1 cache
    /// (hits even in a 32 KiB 8-way L1, beside the streamed offsets), and the pieces differ in
    /// the low 8 bits of their page number: the part picks bits 5-7 (rotated by page), the
    /// page bits 0-4, so a page's loads spread over the sets of a set-indexed TLB instead of
    /// competing for one (measured: with equal low bits, 8 loads in one page missed the
    /// first level).
    static func offset(page: Int, part: Int, parts: Int) -> Int {
        precondition(parts > 0 && 256 % parts == 0, "parts must divide 256")
        let pieces = 256 / parts
        let piece = (part + page) % parts * pieces + (page * parts + part) % pieces
        return page * (2 << 20) + piece * 4096 + (piece % 64) * 64
    }

    /// Nanoseconds per load of a random cycle through `pages` aliases, `loadsPerPage` loads
    /// each: the fastest of five passes after a warm one.
    static func nsPerLoad(_ aliases: borrowing AliasedHugePage, pages: Int, loadsPerPage: Int,
                          _ random: inout WorkloadRandom) -> Double {
        let loads = pages * loadsPerPage
        let order = random.shuffled(Array(0..<loads))
        let offsets = order.map { offset(page: $0 / loadsPerPage, part: $0 % loadsPerPage, parts: loadsPerPage) }
        let count = max(16 * loads, 500_000)
        return offsets.withUnsafeBufferPointer { offsets in
            var best = Double.infinity
            var sink = 0
            for pass in 0..<6 {
                let start = monotonicNanoseconds()
                sink &+= chase(UnsafeRawPointer(aliases.base), offsets, loads: count)
                let ns = Double(monotonicNanoseconds() - start) / Double(count)
                if pass > 0 { best = min(best, ns) }
            }
            // The page reads as zero: a sink that is not shows a broken probe, not a slow one.
            precondition(sink == 0, "the probe's HugeTLB page is not zero")
            return best
        }
    }

    /// Each load's address depends on the last load's value (always 0), so the loads are
    /// serial and each pays its translation in full.
    @inline(never)
    static func chase(_ base: UnsafeRawPointer, _ offsets: UnsafeBufferPointer<Int>, loads: Int) -> Int {
        var value = 0
        var k = 0
        for _ in 0..<loads {
            value = base.load(fromByteOffset: offsets[k] &+ value, as: Int.self)
            k += 1
            if k == offsets.count { k = 0 }
        }
        return value
    }
}

