#if canImport(Glibc)
import Glibc
#endif
import CMemfd
import Foundation

/// Measures this machine's data-TLB reach for 2 MiB pages (BenchOutput's `TLBReach` reads
/// the curves): one HugeTLB page mapped at many 2 MiB-aligned addresses, so every load hits
/// the L1 cache and only the translations grow.
public enum TLBProbe {
    /// The most 2 MiB pages probed: two octaves past the 2048-entry STLBs of current x86 cores
    /// (16 GiB of address space, one VMA each: far below `vm.max_map_count`).
    static let maxPages = 8192

    /// Both curves, or nil with the reason when the probe cannot run (no HugeTLB page to be had).
    /// Nanoseconds per load against the number of 2 MiB pages, one load per page and
    /// `loadsPerPage` (in as many 4 KiB pieces of each page).
    public struct Curves {
        public var onePerPage: [(pages: Int, ns: Double)]
        public var spread: [(pages: Int, ns: Double)]
    }

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

    /// The byte offset of load `part` (of `parts`) into alias `page`: the part's share of
    /// the 2 MiB, then a 4 KiB piece and a line numbered by page and part. The probe's loads
    /// so reach 512 distinct lines of the one physical page, 8 per set of a 64-set L1 cache
    /// (hits in an 8-way L1), and every 4 KiB piece of it (a host that maps the page with
    /// 4 KiB pages shows); and a page's loads differ in address bits 12-14, so they do not
    /// compete for one set of a set-associative TLB (measured: with equal bits, 8 loads in
    /// one page missed the first level).
    static func offset(page: Int, part: Int, parts: Int) -> Int {
        let piece = (page * parts + part) % (512 / parts)
        return page * (2 << 20) + part * (2 << 20) / parts + piece * 4096 + (piece % 64) * 64
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

/// One free page in the HugeTLB pool for the probe: the pool grows by one page when it has
/// none free (root only), and shrinks back when this is dropped.
struct HugeTLBPoolPage: ~Copyable {
    static let poolFile = "/proc/sys/vm/nr_hugepages"
    /// The pool's size before it grew; nil when it did not.
    let restore: Int?

    init() throws(TLBProbe.ProbeError) {
        if Self.freePages() > 0 { restore = nil; return }
        guard let text = try? String(contentsOfFile: Self.poolFile, encoding: .utf8),
              let size = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw .init("no HugeTLB pool (\(Self.poolFile) unreadable)")
        }
        guard Self.write(size + 1) else {
            throw .init("the HugeTLB pool has no free page and cannot grow (needs root)")
        }
        // The kernel may grow the pool by less than asked (no free 2 MiB block).
        guard Self.freePages() > 0 else {
            _ = Self.write(size)
            throw .init("the HugeTLB pool could not grow by one page (no free 2 MiB block)")
        }
        restore = size
    }

    /// `HugePages_Free` of /proc/meminfo (0 when unreadable).
    static func freePages() -> Int {
        let meminfo = (try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8)) ?? ""
        return meminfo.split(separator: "\n").first { $0.hasPrefix("HugePages_Free:") }
            .flatMap { Int($0.split(separator: " ").last ?? "") } ?? 0
    }

    deinit {
        if let restore { _ = Self.write(restore) }
    }

    private static func write(_ pages: Int) -> Bool {
        let fd = open(poolFile, O_WRONLY)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        let text = "\(pages)\n"
        return text.withCString { Glibc.write(fd, $0, strlen($0)) } == text.utf8.count
    }
}

/// One HugeTLB page mapped at `count` consecutive 2 MiB-aligned addresses; unmapped when dropped.
struct AliasedHugePage: ~Copyable {
    let base: UnsafeMutableRawPointer
    let length: Int
    let file: Int32

    init?(count: Int) {
        let huge = 2 << 20
        let file = pb_memfd_open_huge_page("tlb-probe")
        guard file >= 0 else { return nil }
        let length = count * huge
        guard let reserved = mmap(nil, length + huge, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0),
              reserved != MAP_FAILED else { close(file); return nil }
        let start = Int(bitPattern: reserved).roundedUp(toMultipleOf: huge)
        let base = UnsafeMutableRawPointer(bitPattern: start)!
        // The unaligned head and tail go back; the aliases replace the rest.
        let head = start - Int(bitPattern: reserved)
        if head > 0 { munmap(reserved, head) }
        munmap(base + length, huge - head)
        for i in 0..<count where mmap(base + i * huge, huge, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, file, 0) == MAP_FAILED {
            munmap(base, length)
            close(file)
            return nil
        }
        self.base = base
        self.length = length
        self.file = file
    }

    deinit {
        munmap(base, length)
        close(file)
    }
}
