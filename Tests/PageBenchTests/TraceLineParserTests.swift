@testable import PageBench
import Testing

/// `trace_pipe` lines from a 6.18 kernel become the events `TraceEvent` describes, with
/// strings, objects and files interned; lines it cannot read are counted; trace files
/// read back, and damaged ones are refused.
@Suite struct TraceLineParserTests {
    static let pageAlloc = "            head-15890   [000] ..... 17495.400002: mm_page_alloc: page=000000001035138f pfn=0x38e58f order=0 migratetype=1 gfp_flags=GFP_HIGHUSER_MOVABLE|__GFP_COMP"
    static let pageFree = "            head-15890   [000] ..... 17495.400305: mm_page_free: page=00000000563eaf1b pfn=0x57551f order=0"
    static let pageFreeBatched = "            head-15890   [000] ...2. 17495.400306: mm_page_free_batched: page=00000000563eaf1b pfn=0x57551f order=0"
    static let kmalloc = "            head-15890   [000] ..... 17495.400171: kmalloc: call_site=alloc_bprm+0x45/0x220 ptr=00000000ab3d101a bytes_req=408 bytes_alloc=512 gfp_flags=GFP_KERNEL|__GFP_ZERO node=-1 accounted=false"
    static let kfree = "            head-15890   [000] ..... 17495.400175: kfree: call_site=ida_alloc_range+0x39b/0x400 ptr=0000000000000000"
    static let cacheAlloc = "            head-15890   [000] ..... 17495.400103: kmem_cache_alloc: call_site=getname_flags.part.0+0x24/0x1f0 ptr=00000000471d0aca name=names_cache bytes_req=4096 bytes_alloc=4096 gfp_flags=GFP_KERNEL node=-1 accounted=false"
    static let cacheFree = "            head-15890   [000] ..... 17495.400109: kmem_cache_free: call_site=vfs_fstatat+0x71/0xb0 ptr=00000000471d0aca name=names_cache"
    static let filemapAdd = "            find-15889   [001] ..... 17495.434149: mm_filemap_add_to_page_cache: dev 0:3 ino fe00000 pfn=0x2c6baf ofs=10824638464 order=0"
    static let getPages = "            head-15890   [000] ..... 17495.400207: mm_filemap_get_pages: dev=254:0 ino=3e0d3 ofs=0-4095"
    static let mapPages = "            head-15890   [000] ..... 17495.400010: mm_filemap_map_pages: dev=254:0 ino=5155f ofs=851968-917503"
    static let fault = "            head-15890   [000] ..... 17495.400387: mm_filemap_fault: dev=254:0 ino=3e0d3 ofs=45056"

    /// The one event `line` gives a fresh parser, and the parser.
    static func single(_ line: String) throws -> (TraceEvent, TraceLineParser) {
        var parser = TraceLineParser()
        parser.parse(line)
        #expect(parser.unparsed == 0, "\(parser.unparsedExamples)")
        let event = try #require(parser.events.first, "no event from \(line)")
        #expect(parser.events.count == 1)
        return (event, parser)
    }

    @Test func pageEvents() throws {
        let (alloc, parser) = try Self.single(Self.pageAlloc)
        #expect(alloc == TraceEvent(.pageAlloc, cpu: 0, pid: 15890, a: 0x38e58f, b: 0, c: 1, d: 0))
        #expect(parser.strings == ["GFP_HIGHUSER_MOVABLE|__GFP_COMP"])
        #expect(try Self.single(Self.pageFree).0 == TraceEvent(.pageFree, cpu: 0, pid: 15890, a: 0x57551f, b: 0))
        #expect(try Self.single(Self.pageFreeBatched).0 == TraceEvent(.pageFreeBatched, cpu: 0, pid: 15890, a: 0x57551f))
    }

    @Test func slabEvents() throws {
        let (kmalloc, parser) = try Self.single(Self.kmalloc)
        #expect(kmalloc == TraceEvent(.kmalloc, cpu: 0, pid: 15890, a: 1, b: 408, c: 512, d: 0))
        #expect(parser.strings == ["GFP_KERNEL|__GFP_ZERO"])
        #expect(try Self.single(Self.kfree).0 == TraceEvent(.kfree, cpu: 0, pid: 15890, a: 0))
        let (cacheAlloc, cacheParser) = try Self.single(Self.cacheAlloc)
        #expect(cacheAlloc == TraceEvent(.cacheAlloc, cpu: 0, pid: 15890, a: 1, b: 4096, c: 4096, d: 0))
        #expect(cacheParser.strings == ["names_cache"])
        let (cacheFree, freeParser) = try Self.single(Self.cacheFree)
        #expect(cacheFree == TraceEvent(.cacheFree, cpu: 0, pid: 15890, a: 1, d: 0))
        #expect(freeParser.strings == ["names_cache"])
    }

    /// Offsets in bytes become page indices; a range's last byte is in its last page.
    @Test func filemapEvents() throws {
        #expect(try Self.single(Self.filemapAdd).0 == TraceEvent(.filemapAdd, cpu: 1, pid: 15889, a: 0x2c6baf, b: 0, c: 1, d: 10824638464 >> 12))
        let delete = "            find-15889   [001] ..... 17495.434150: mm_filemap_delete_from_page_cache: dev 0:3 ino fe00000 pfn=0x2c6baf ofs=10824638464 order=0"
        #expect(try Self.single(delete).0 == TraceEvent(.filemapDelete, cpu: 1, pid: 15889, a: 0x2c6baf, b: 0, c: 1, d: 2642734))
        #expect(try Self.single(Self.getPages).0 == TraceEvent(.filemapGetPages, cpu: 0, pid: 15890, a: 0, b: 0, c: 1))
        #expect(try Self.single(Self.mapPages).0 == TraceEvent(.filemapMapPages, cpu: 0, pid: 15890, a: 208, b: 223, c: 1))
        #expect(try Self.single(Self.fault).0 == TraceEvent(.filemapFault, cpu: 0, pid: 15890, a: 11, c: 1))
    }

    /// The print formats of the rarer tracepoints (their `format` files on 6.18).
    @Test func collapseCompactionAndMigration() throws {
        let header = "     khugepaged-52      [001] ..... 17500.000001: "
        let (collapse, parser) = try Self.single(header + "mm_collapse_huge_page: mm=00000000c0ffee11, isolated=1, status=succeeded")
        #expect(collapse == TraceEvent(.collapse, cpu: 1, pid: 52, a: 1, b: 0))
        #expect(parser.strings == ["succeeded"])
        #expect(try Self.single(header + "mm_compaction_isolate_migratepages: range=(0x1000 ~ 0x1200) nr_scanned=512 nr_taken=32").0
            == TraceEvent(.compactionMigrateScan, cpu: 1, pid: 52, a: 0x1000, b: 0x1200, c: 512, d: 32))
        #expect(try Self.single(header + "mm_compaction_isolate_freepages: range=(0x7fe00 ~ 0x80000) nr_scanned=300 nr_taken=12").0
            == TraceEvent(.compactionFreeScan, cpu: 1, pid: 52, a: 0x7fe00, b: 0x80000, c: 300, d: 12))
        #expect(try Self.single(header + "mm_migrate_pages: nr_succeeded=30 nr_failed=2 nr_thp_succeeded=0 nr_thp_failed=0 nr_thp_split=0 nr_split=0 mode=MIGRATE_ASYNC reason=compaction").0
            == TraceEvent(.migratePages, cpu: 1, pid: 52, a: 30, b: 2))
    }

    /// A comm with spaces and dashes, a module's call site, the tgid column, no irq-info.
    @Test func awkwardHeaders() throws {
        #expect(try Self.single("  Web Content-x-4242    [003] d..2. 17.000001: kfree: call_site=nvme_free+0x1/0x2 [nvme] ptr=0000000000000000").0
            == TraceEvent(.kfree, cpu: 3, pid: 4242, a: 0))
        #expect(try Self.single("           <...>-77      (     70) [001] ..... 9.5: kfree: call_site=f+0x1/0x2 ptr=00000000000000ab").0
            == TraceEvent(.kfree, cpu: 1, pid: 77, a: 1))
        #expect(try Self.single("   a [b]-1  [000] 1.000000: mm_page_free_batched: page=0000000000000001 pfn=0x10 order=0").0
            == TraceEvent(.pageFreeBatched, cpu: 0, pid: 1, a: 0x10))
    }

    @Test func interning() {
        var parser = TraceLineParser()
        parser.parse([Self.kmalloc, Self.cacheAlloc, Self.kfree, Self.cacheFree, Self.pageAlloc, Self.kmalloc,
                      Self.filemapAdd, Self.getPages, Self.fault, Self.mapPages].joined(separator: "\n"))
        let e = parser.events
        #expect(e.count == 10 && parser.unparsed == 0)
        // Objects from 1 in first-seen order, NULL 0; the same pointer the same object.
        #expect(e.map(\.a)[0..<4] == [1, 2, 0, 2])
        #expect(e[5].a == 1)
        // Strings: the same text the same index.
        #expect(parser.strings == ["GFP_KERNEL|__GFP_ZERO", "names_cache", "GFP_HIGHUSER_MOVABLE|__GFP_COMP"])
        #expect([e[0].d, e[1].d, e[3].d, e[4].d, e[5].d] == [0, 1, 1, 2, 0])
        // Files: `dev 0:3 ino fe00000` and `dev=254:0 ino=3e0d3` are different files; the
        // fault's is the get_pages' file; the map_pages' is a third.
        #expect([e[6].c, e[7].c, e[8].c, e[9].c] == [1, 2, 2, 3])
    }

    /// add and delete print `dev 0:3 ino fe00000`, the others `dev=0:3 ino=fe00000`.
    @Test func fileIdentityAcrossFormats() {
        var parser = TraceLineParser()
        let h = "  cat-9  [000] ..... 1.000000: "
        parser.parse([
            h + "mm_filemap_get_pages: dev=0:3 ino=fe00000 ofs=0-8191",
            h + "mm_filemap_add_to_page_cache: dev 0:3 ino fe00000 pfn=0x10 ofs=4096 order=0",
            h + "mm_filemap_fault: dev=0:30 ino=fe00000 ofs=0",
            h + "mm_filemap_delete_from_page_cache: dev 0:3 ino fe00000 pfn=0x10 ofs=4096 order=0",
            h + "mm_filemap_map_pages: dev=0:3 ino=fe00001 ofs=0-4095",
        ].joined(separator: "\n"))
        #expect(parser.events.map(\.c) == [1, 1, 2, 1, 3])
        #expect(parser.events.map(\.kind) == [.filemapGetPages, .filemapAdd, .filemapFault, .filemapDelete, .filemapMapPages])
    }

    @Test func unreadableLinesAreCounted() {
        var parser = TraceLineParser()
        let unknown = "            head-15890   [000] ..... 17495.400500: sched_switch: prev_comm=head prev_pid=15890"
        let garbage = "\u{1}\u{2}garbage [[[ -- ]]] 12.34:"
        let truncated = String(Self.kmalloc.prefix(90))
        parser.parse([Self.pageFree, unknown, garbage, "", truncated, "CPU:1 [LOST 123 EVENTS]", Self.pageFreeBatched].joined(separator: "\n"))
        #expect(parser.events.map(\.kind) == [.pageFree, .pageFreeBatched])
        #expect(parser.unparsed == 3)
        #expect(parser.unparsedExamples == [unknown, garbage, truncated])
        #expect(parser.lostReported == 123)
        // The unread lines do not count in the deltas: 306 - 305.
        #expect(parser.events[1].deltaMicroseconds == 1)
    }

    @Test func deltas() {
        var parser = TraceLineParser()
        let h = { (ts: String) in "  cc1-7  [001] ..... \(ts): mm_page_free: page=0000000000000001 pfn=0x1 order=0" }
        parser.parse([h("17495.400002"), h("17495.400103"), h("17495.400109"), h("17496.000000"), h("17495.999999"), h("17496.000010"), h("17497.5")].joined(separator: "\n"))
        // A step back (clocks of two CPUs) is 0, and the next delta is from the latest time.
        #expect(parser.events.map(\.deltaMicroseconds) == [0, 101, 6, 599_891, 0, 10, 1_499_990])
    }

    /// Chunks cut anywhere: the parser takes whole lines and leaves the rest.
    @Test func chunkedInput() {
        let text = Array(([Self.pageAlloc, Self.kmalloc, Self.fault].joined(separator: "\n") + "\n").utf8)
        var whole = TraceLineParser()
        let used = text.withUnsafeBufferPointer { whole.parse(lines: $0) }
        #expect(used == text.count)
        for cut in [1, 50, 200, 300] {
            var parser = TraceLineParser()
            var pending: [UInt8] = []
            for chunk in [Array(text[..<cut]), Array(text[cut...])] {
                pending += chunk
                let used = pending.withUnsafeBufferPointer { parser.parse(lines: $0) }
                pending.removeFirst(used)
            }
            #expect(pending.isEmpty)
            #expect(parser.events == whole.events && parser.strings == whole.strings)
        }
    }

    static func sampleTrace() -> Trace {
        var parser = TraceLineParser()
        parser.parse([Self.pageAlloc, Self.kmalloc, Self.cacheAlloc, Self.cacheFree, Self.kfree, Self.filemapAdd,
                      Self.getPages, Self.mapPages, Self.fault, Self.pageFree, Self.pageFreeBatched].joined(separator: "\n"))
        let snapshot = Snapshot(facts: [("kernel", "6.18")], runs: [.init(.kernel, order: 0, count: 100), .init(.free, order: 10, count: 3)])
        return Trace(facts: [("command", "head -1 /etc/passwd"), ("events", "\(parser.events.count)")],
                     strings: parser.strings, snapshot: snapshot, events: parser.events)
    }

    @Test func fileRoundTrips() throws {
        let trace = Self.sampleTrace()
        #expect(trace.events.count == 11)
        #expect(try Trace(decoding: trace.encoded()) == trace)
    }

    @Test func damagedFilesAreRefused() {
        let bytes = Self.sampleTrace().encoded()
        #expect(throws: TraceError.self) { try Trace(decoding: Array(bytes.dropLast(10))) }
        var flipped = bytes
        flipped[bytes.count / 2] ^= 0xff
        #expect(throws: TraceError.self) { try Trace(decoding: flipped) }
    }

    /// One buffer of 200,000 lines parses whole: no line lost or split at any position. (How
    /// fast is a benchmark question, not a test's: the recordings' lost-event counts answer it.)
    @Test func parsesManyLinesInOneBuffer() {
        let lines = [Self.pageAlloc, Self.kmalloc, Self.cacheAlloc, Self.cacheFree, Self.kfree, Self.pageFree, Self.getPages, Self.fault]
        let text = Array((Array(repeating: lines.joined(separator: "\n"), count: 25_000).joined(separator: "\n") + "\n").utf8)
        var parser = TraceLineParser()
        text.withUnsafeBufferPointer { _ = parser.parse(lines: $0) }
        #expect(parser.events.count == 200_000 && parser.unparsed == 0)
    }
}
