#if canImport(Glibc)
import Glibc
#endif

/// Takes a `Snapshot` of this machine from `/proc/kpageflags` (one 64-bit word of
/// `KPF_*` flags per pfn; include/uapi/linux/kernel-page-flags.h, read the way
/// tools/mm/page-types.c reads it) and `/sys/devices/system/memory` (which memory blocks
/// are online). Needs root. Not for timed code.
public enum SnapshotCapture {
    /// `KPF_*` bits.
    enum Flag {
        static let uptodate: UInt64 = 1 << 3
        static let dirty: UInt64 = 1 << 4
        static let lru: UInt64 = 1 << 5
        static let slab: UInt64 = 1 << 7
        static let writeback: UInt64 = 1 << 8
        static let buddy: UInt64 = 1 << 10
        static let mmap: UInt64 = 1 << 11
        static let anon: UInt64 = 1 << 12
        static let swapbacked: UInt64 = 1 << 14
        static let compoundHead: UInt64 = 1 << 15
        static let compoundTail: UInt64 = 1 << 16
        static let huge: UInt64 = 1 << 17
        static let noPage: UInt64 = 1 << 20
        static let offline: UInt64 = 1 << 23
        static let zeroPage: UInt64 = 1 << 24
        static let pgtable: UInt64 = 1 << 26
        static let reserved: UInt64 = 1 << 32
        static let mappedToDisk: UInt64 = 1 << 34
        /// Flags that only a page-cache folio has.
        static let fileFolio = lru | mmap | swapbacked | uptodate | dirty | writeback | mappedToDisk
    }

    /// What a page that is not a compound tail is, from its own flags. Every page of a free
    /// block reads `KPF_BUDDY` on the kernels this was written on (6.x); a kernel that sets
    /// it on the first page only would show the rest as `kernel` pages, and the summary's
    /// comparison with /proc/buddyinfo would show it.
    static func kind(_ flags: UInt64) -> Snapshot.Kind {
        if flags & (Flag.noPage | Flag.offline) != 0 { return .hole }
        if flags & Flag.buddy != 0 { return .free }
        if flags & Flag.slab != 0 { return .slab }
        if flags & Flag.huge != 0 { return .hugetlb }
        if flags & Flag.pgtable != 0 { return .pageTable }
        if flags & (Flag.reserved | Flag.zeroPage) != 0 { return .reserved }
        if flags & Flag.anon != 0 { return .anonFolio }
        if flags & Flag.fileFolio != 0 { return .fileFolio }
        return .kernel
    }

    /// Builds the runs from the flags of consecutive pfns: free pages become the aligned
    /// blocks the buddy allocator would hold (its lists are fully merged, so a run of free
    /// pages is exactly its greedy decomposition); a compound head and its tails become one
    /// block of their order.
    struct Builder {
        var snapshot = Snapshot(facts: [], runs: [])
        var pfn = 0
        var freeStart = -1
        var blankStart = -1
        var compound: (kind: Snapshot.Kind, pfn: Int, pages: Int)? = nil
        /// Pfns whose memory block is offline or absent (nil: all present).
        let present: ((Int) -> Bool)?
        /// Pages of a memory block (`block_size_bytes`).
        let blockPages: Int

        mutating func add(_ flags: UInt64) {
            var flags = flags
            if let present, !present(pfn) { flags = Flag.noPage }
            if flags & Flag.compoundTail != 0 && flags & Flag.noPage == 0, compound != nil {
                compound!.pages += 1
                pfn += 1
                return
            }
            endCompound()
            if flags == 0 {
                endFree()
                if blankStart < 0 { blankStart = pfn }
                pfn += 1
                return
            }
            endBlank()
            let kind = Self.kindOf(flags)
            if kind == .free {
                if freeStart < 0 { freeStart = pfn }
            } else {
                endFree()
                if flags & Flag.compoundHead != 0 {
                    compound = (kind, pfn, 1)
                } else {
                    snapshot.append(kind, order: 0)
                }
            }
            pfn += 1
        }

        static func kindOf(_ flags: UInt64) -> Snapshot.Kind { SnapshotCapture.kind(flags) }

        /// Pages with no flag at all are kernel allocations, except whole memory blocks of
        /// them: memory the zone spans but does not manage (unplugged by virtio-mem, a
        /// firmware hole with struct pages), which reads as flags 0 and not `KPF_NOPAGE`
        /// (on this machine, exactly /proc/zoneinfo's `present - managed` of the zone).
        mutating func endBlank() {
            guard blankStart >= 0 else { return }
            let first = (blankStart + blockPages - 1) / blockPages * blockPages
            let last = pfn / blockPages * blockPages
            if last > first {
                snapshot.append(.kernel, order: 0, count: first - blankStart)
                snapshot.append(.hole, order: 0, count: last - first)
                snapshot.append(.kernel, order: 0, count: pfn - last)
            } else {
                snapshot.append(.kernel, order: 0, count: pfn - blankStart)
            }
            blankStart = -1
        }

        mutating func endFree() {
            guard freeStart >= 0 else { return }
            var p = freeStart
            while p < pfn {
                var order = min(PageGeometry.maxOrder, p == 0 ? PageGeometry.maxOrder : p.trailingZeroBitCount)
                while p + (1 << order) > pfn { order -= 1 }
                snapshot.append(.free, order: order)
                p += 1 << order
            }
            freeStart = -1
        }

        /// A compound block of a power-of-two size at an aligned pfn is one block; anything
        /// else (never seen) is recorded page by page as its head's kind.
        mutating func endCompound() {
            guard let c = compound else { return }
            compound = nil
            let order = Int.bitWidth - 1 - c.pages.leadingZeroBitCount
            if c.pages == 1 << order && c.pfn & (c.pages - 1) == 0 {
                snapshot.append(c.kind, order: order)
            } else {
                snapshot.append(c.kind, order: 0, count: c.pages)
            }
        }

        mutating func finish() -> Snapshot {
            endCompound()
            endBlank()
            endFree()
            return snapshot
        }
    }

    /// The snapshot of this machine.
    public static func take(kpageflags: String = "/proc/kpageflags",
                            memory: String = "/sys/devices/system/memory") throws(SnapshotError) -> Snapshot {
        let fd = open(kpageflags, O_RDONLY)
        guard fd >= 0 else { throw .unreadable("cannot read \(kpageflags): \(errnoText())\(geteuid() != 0 ? " (it needs root)" : "")") }
        defer { close(fd) }
        let blockBytes = readFile(memory + "/block_size_bytes").flatMap { Int($0.trimmingSpaces, radix: 16) } ?? 128 << 20
        var builder = Builder(present: onlineBlocks(memory), blockPages: max(1, blockBytes / PageGeometry.pageSize))
        let words = 1 << 17
        let buffer = UnsafeMutablePointer<UInt64>.allocate(capacity: words)
        defer { buffer.deallocate() }
        while true {
            let n = read(fd, buffer, words * 8)
            guard n >= 0 else { throw .unreadable("cannot read \(kpageflags): \(errnoText())") }
            if n == 0 { break }
            for i in 0..<n / 8 { builder.add(buffer[i]) }
        }
        var snapshot = builder.finish()
        guard snapshot.pageCount > 0 else { throw .unreadable("\(kpageflags) is empty") }
        snapshot.facts = machineFacts()
        return snapshot
    }

    /// Which pfns lie in online memory blocks, or nil when the directory cannot be read.
    static func onlineBlocks(_ path: String) -> ((Int) -> Bool)? {
        guard let sizeText = readFile(path + "/block_size_bytes"),
              let blockBytes = Int(sizeText.trimmingSpaces, radix: 16), blockBytes >= PageGeometry.pageSize,
              let names = directoryEntries(path) else { return nil }
        var online = Set<Int>()
        for name in names where name.hasPrefix("memory") {
            guard let index = Int(name.dropFirst("memory".count)),
                  readFile("\(path)/\(name)/state")?.trimmingSpaces == "online" else { continue }
            online.insert(index)
        }
        let pagesPerBlock = blockBytes / PageGeometry.pageSize
        return { online.contains($0 / pagesPerBlock) }
    }

    /// Where the snapshot comes from, as its header records it.
    static func machineFacts() -> [(key: String, value: String)] {
        var facts: [(key: String, value: String)] = [("source", "/proc/kpageflags")]
        var name = utsname()
        uname(&name)
        let release = withUnsafeBytes(of: name.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        facts.append(("kernel", release))
        var now = time(nil)
        var tm = tm()
        gmtime_r(&now, &tm)
        facts.append(("date", "\(tm.tm_year + 1900)-\(pad(tm.tm_mon + 1))-\(pad(tm.tm_mday))T\(pad(tm.tm_hour)):\(pad(tm.tm_min))Z"))
        for line in (readFile("/proc/meminfo") ?? "").split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 2 else { continue }
            let key = fields[0].dropLast()
            if ["MemTotal", "MemFree", "Cached", "AnonPages", "Slab", "PageTables", "AnonHugePages"].contains(String(key)) {
                facts.append(("meminfo.\(key)", "\(fields[1]) kB"))
            }
        }
        for line in (readFile("/proc/buddyinfo") ?? "").split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count > 4 else { continue }
            facts.append(("buddyinfo.\(fields[3])", fields[4...].joined(separator: " ")))
        }
        return facts
    }

    static func pad(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
}

extension String {
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\n" }.reversed().drop { $0 == " " || $0 == "\n" }.reversed())
    }
}
