#if canImport(Glibc)
import Glibc
#endif

/// Turns the text of tracefs's `trace_pipe` (or `trace`) into `TraceEvent`s, in a
/// `TraceEventLog`.
///
/// A line is the header `print_trace_fmt` writes (kernel/trace/trace.c: `comm-pid`, an
/// optional `(tgid)`, `[cpu]`, the irq-info flags, `secs.usecs:`), the event's name and its
/// `TP_printk` text (the `format` files of the tracepoints `TraceEvent.Kind` lists). It
/// scans bytes, never building a `String` for a line it understands. A line it cannot read
/// is counted, never fatal. The recorder reads the ring buffer's pages instead
/// (`RawTraceDecoder`); `record --check-text` compares the two on the same events.
public struct TraceLineParser {
    public private(set) var log = TraceEventLog()

    public var events: [TraceEvent] { log.events }
    public var strings: [String] { log.strings }
    public var unparsed: Int { log.unparsed }
    public var unparsedExamples: [String] { log.unparsedExamples }
    public var lostReported: UInt64 { log.lostReported }

    public init() {}

    /// Parses every complete line (ending in a newline) of `text` and returns the bytes it
    /// used: the rest is a line that a later read completes.
    @discardableResult
    public mutating func parse(lines text: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = text.baseAddress else { return 0 }
        var start = 0
        while start < text.count, let newline = memchr(base + start, 0x0a, text.count - start) {
            let end = UnsafeRawPointer(newline).assumingMemoryBound(to: UInt8.self) - base
            parse(line: UnsafeBufferPointer(rebasing: text[start..<end]))
            start = end + 1
        }
        return start
    }

    /// Parses every line of `text`, the last one also without a newline.
    public mutating func parse(_ text: String) {
        var bytes = Array(text.utf8)
        if bytes.last != 0x0a { bytes.append(0x0a) }
        bytes.withUnsafeBufferPointer { _ = parse(lines: $0) }
    }

    /// Parses one line, without its newline.
    public mutating func parse(line: UnsafeBufferPointer<UInt8>) {
        var scan = ByteScanner(line)
        scan.skipSpaces()
        if scan.atEnd { return }
        if scan.take("CPU:") {
            if scan.find("[LOST "), let n = scan.decimal() { log.lostReported += n; return }
            return reject(line)
        }
        guard let head = Self.header(&scan), let kind = Self.kind(named: head.name),
              let event = body(kind, &scan) else { return reject(line) }
        log.append(event, cpu: head.cpu, pid: head.pid, microseconds: head.microseconds)
    }

    private mutating func reject(_ line: UnsafeBufferPointer<UInt8>) {
        log.reject(String(decoding: line.prefix(300), as: UTF8.self))
    }

    /// What precedes the event's fields: `comm-pid (tgid) [cpu] flags secs.usecs: name: `.
    /// The comm may hold spaces, dashes and brackets, so the CPU column is the first `[`
    /// followed by digits and `]` that has `-pid` before it.
    static func header(_ scan: inout ByteScanner) -> (cpu: UInt8, pid: UInt32, microseconds: UInt64, name: UnsafeBufferPointer<UInt8>)? {
        let line = scan.bytes
        var open = scan.index
        var found: (cpu: UInt8, pid: UInt32, next: Int)?
        while found == nil, let at = scan.firstIndex(of: 0x5b, from: open) {  // "["
            found = cpuColumn(line, at: at)
            open = at + 1
        }
        guard let found else { return nil }
        scan.index = found.next
        scan.skipSpaces()
        // The irq-info flags (`d..2.`) never start with a digit; without irq-info they are absent.
        if let c = scan.peek, !isDigit(c) { scan.skipWord(); scan.skipSpaces() }
        guard let seconds = scan.decimal() else { return nil }
        var micros: UInt64 = 0
        if scan.take(".") {
            var digits = 0
            while let c = scan.peek, isDigit(c) {
                if digits < 6 { micros = micros * 10 + UInt64(c - 0x30) }
                digits += 1
                scan.index += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<max(digits, 6) { micros *= 10 }
        }
        guard scan.take(": "), seconds < UInt64.max / 2_000_000 else { return nil }
        let nameStart = scan.index
        guard let nameEnd = scan.firstIndex(of: 0x3a, from: nameStart) else { return nil }  // ":"
        scan.index = nameEnd + 1
        _ = scan.take(" ")
        return (found.cpu, found.pid, seconds * 1_000_000 + micros, UnsafeBufferPointer(rebasing: line[nameStart..<nameEnd]))
    }

    /// `[cpu]` at `at`, with `-pid`, maybe `(tgid)`, and spaces before it.
    static func cpuColumn(_ line: UnsafeBufferPointer<UInt8>, at open: Int) -> (cpu: UInt8, pid: UInt32, next: Int)? {
        var i = open + 1, cpu = 0
        while i < line.count, isDigit(line[i]), cpu <= 255 { cpu = cpu * 10 + Int(line[i] - 0x30); i += 1 }
        guard i > open + 1, i < line.count, line[i] == 0x5d, cpu <= 255 else { return nil }  // "]"
        var j = open - 1
        while j >= 0, line[j] == 0x20 { j -= 1 }
        if j >= 0, line[j] == 0x29 {  // ")": the tgid of options/record-tgid
            while j >= 0, line[j] != 0x28 { j -= 1 }
            j -= 1
            while j >= 0, line[j] == 0x20 { j -= 1 }
        }
        var pid: UInt64 = 0, scale: UInt64 = 1, digits = 0
        while j >= 0, isDigit(line[j]), digits < 10 {
            pid += UInt64(line[j] - 0x30) * scale
            scale *= 10
            digits += 1
            j -= 1
        }
        guard digits > 0, j >= 0, line[j] == 0x2d, pid <= UInt32.max else { return nil }  // "-"
        return (UInt8(cpu), UInt32(pid), i + 1)
    }

    /// The tracepoints by their name in a line (without the system).
    private static let names: [(name: [UInt8], kind: TraceEvent.Kind)] = TraceEvent.Kind.allCases.map {
        (Array($0.tracepoint.utf8.drop { $0 != 0x3a }.dropFirst()), $0)
    }

    static func kind(named name: UnsafeBufferPointer<UInt8>) -> TraceEvent.Kind? {
        guard let base = name.baseAddress else { return nil }
        for entry in names where entry.name.count == name.count {
            if entry.name.withUnsafeBufferPointer({ $0.baseAddress.map { memcmp($0, base, name.count) == 0 } ?? false }) { return entry.kind }
        }
        return nil
    }

    /// The fields of each tracepoint, as its `TP_printk` prints them (include/trace/events/).
    private mutating func body(_ kind: TraceEvent.Kind, _ scan: inout ByteScanner) -> TraceEvent? {
        switch kind {
        case .pageAlloc:
            // "page=%p pfn=0x%lx order=%d migratetype=%d gfp_flags=%s" (kmem.h)
            guard scan.find("pfn=0x"), let pfn = scan.hex(), scan.find(" order="), let order = scan.decimal(),
                  scan.find(" migratetype="), let type = scan.decimal(), scan.find(" gfp_flags=") else { return nil }
            return TraceEvent(kind, a: pfn, b: order, c: type, d: intern(scan.word()))
        case .pageFree:
            // "page=%p pfn=0x%lx order=%d"
            guard scan.find("pfn=0x"), let pfn = scan.hex(), scan.find(" order="), let order = scan.decimal() else { return nil }
            return TraceEvent(kind, a: pfn, b: order)
        case .pageFreeBatched:
            // "page=%p pfn=0x%lx order=0"
            guard scan.find("pfn=0x"), let pfn = scan.hex() else { return nil }
            return TraceEvent(kind, a: pfn)
        case .kmalloc:
            // "call_site=%pS ptr=%p bytes_req=%zu bytes_alloc=%zu gfp_flags=%s node=%d accounted=%s";
            // a module's call site is "sym+0x1/0x2 [mod]", so fields are found by their keys.
            guard scan.find(" ptr="), let ptr = scan.hex(), scan.find(" bytes_req="), let req = scan.decimal(),
                  scan.find(" bytes_alloc="), let size = scan.decimal(), scan.find(" gfp_flags=") else { return nil }
            return TraceEvent(kind, a: object(ptr), b: req, c: size, d: intern(scan.word()))
        case .kfree:
            // "call_site=%pS ptr=%p"
            guard scan.find(" ptr="), let ptr = scan.hex() else { return nil }
            return TraceEvent(kind, a: object(ptr))
        case .cacheAlloc:
            // "call_site=%pS ptr=%p name=%s bytes_req=%zu bytes_alloc=%zu gfp_flags=%s node=%d accounted=%s"
            guard scan.find(" ptr="), let ptr = scan.hex(), scan.find(" name="), let name = scan.upTo(" bytes_req="),
                  let req = scan.decimal(), scan.find(" bytes_alloc="), let size = scan.decimal() else { return nil }
            return TraceEvent(kind, a: object(ptr), b: req, c: size, d: intern(name))
        case .cacheFree:
            // "call_site=%pS ptr=%p name=%s"
            guard scan.find(" ptr="), let ptr = scan.hex(), scan.find(" name=") else { return nil }
            return TraceEvent(kind, a: object(ptr), d: intern(scan.rest()))
        case .filemapAdd, .filemapDelete:
            // "dev %d:%d ino %lx pfn=0x%lx ofs=%lu order=%u" (filemap.h): ofs is index << PAGE_SHIFT.
            guard scan.take("dev "), let file = file(&scan, ino: " ino "), scan.find(" pfn=0x"), let pfn = scan.hex(),
                  scan.find(" ofs="), let ofs = scan.decimal(), scan.find(" order="), let order = scan.decimal() else { return nil }
            return TraceEvent(kind, a: pfn, b: order, c: file, d: ofs >> 12)
        case .filemapGetPages, .filemapMapPages:
            // "dev=%d:%d ino=%lx ofs=%lld-%lld": the first byte of index, the last byte of last_index.
            guard scan.take("dev="), let file = file(&scan, ino: " ino="), scan.find(" ofs="), let first = scan.signedDecimal(),
                  scan.take("-"), let last = scan.signedDecimal() else { return nil }
            return TraceEvent(kind, a: UInt64(bitPattern: first) >> 12, b: UInt64(bitPattern: last) >> 12, c: file)
        case .filemapFault:
            // "dev=%d:%d ino=%lx ofs=%lld"
            guard scan.take("dev="), let file = file(&scan, ino: " ino="), scan.find(" ofs="), let ofs = scan.signedDecimal() else { return nil }
            return TraceEvent(kind, a: UInt64(bitPattern: ofs) >> 12, c: file)
        case .collapse:
            // "mm=%p, isolated=%d, status=%s" (huge_memory.h)
            guard scan.find(" isolated="), let isolated = scan.decimal(), scan.find(" status=") else { return nil }
            return TraceEvent(kind, a: isolated, b: intern(scan.word()))
        case .compactionMigrateScan, .compactionFreeScan:
            // "range=(0x%lx ~ 0x%lx) nr_scanned=%lu nr_taken=%lu" (compaction.h)
            guard scan.take("range=(0x"), let start = scan.hex(), scan.take(" ~ 0x"), let end = scan.hex(),
                  scan.find(" nr_scanned="), let scanned = scan.decimal(), scan.find(" nr_taken="), let taken = scan.decimal() else { return nil }
            return TraceEvent(kind, a: start, b: end, c: scanned, d: taken)
        case .migratePages:
            // "nr_succeeded=%lu nr_failed=%lu nr_thp_succeeded=%lu ... mode=%s reason=%s" (migrate.h)
            guard scan.take("nr_succeeded="), let succeeded = scan.decimal(), scan.find(" nr_failed="), let failed = scan.decimal() else { return nil }
            return TraceEvent(kind, a: succeeded, b: failed)
        }
    }

    private mutating func intern(_ text: UnsafeBufferPointer<UInt8>) -> UInt64 { log.intern(text) }

    /// A `%p` value's number: NULL is 0.
    private mutating func object(_ hashed: UInt64) -> UInt64 { log.object(hashed) }

    /// `major:minor` then `ino` (hexadecimal), as the file's number.
    private mutating func file(_ scan: inout ByteScanner, ino: StaticString) -> UInt64? {
        guard let major = scan.decimal(), scan.take(":"), let minor = scan.decimal(), scan.take(ino),
              let inode = scan.hex() else { return nil }
        return log.file(dev: major << 20 | minor, ino: inode)
    }
}

@inline(__always) private func isDigit(_ c: UInt8) -> Bool { c &- 0x30 < 10 }

/// A cursor over one line's bytes.
struct ByteScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    var atEnd: Bool { index >= bytes.count }
    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func skipSpaces() {
        while index < bytes.count, bytes[index] == 0x20 { index += 1 }
    }

    mutating func skipWord() {
        while index < bytes.count, bytes[index] != 0x20 { index += 1 }
    }

    func firstIndex(of byte: UInt8, from start: Int) -> Int? {
        guard let base = bytes.baseAddress, start < bytes.count,
              let hit = memchr(base + start, Int32(byte), bytes.count - start) else { return nil }
        return UnsafeRawPointer(hit).assumingMemoryBound(to: UInt8.self) - base
    }

    /// Where `key` next occurs at or after the index, if it does.
    /// (glibc's memmem is a GNU extension Swift does not import: memchr for the first byte.)
    func position(of key: StaticString) -> Int? {
        let n = key.utf8CodeUnitCount
        guard let base = bytes.baseAddress, n > 0 else { return nil }
        var at = index
        while bytes.count - at >= n, let hit = firstIndex(of: key.utf8Start.pointee, from: at) {
            guard bytes.count - hit >= n else { return nil }
            if memcmp(base + hit, key.utf8Start, n) == 0 { return hit }
            at = hit + 1
        }
        return nil
    }

    /// Moves past the next `key`.
    mutating func find(_ key: StaticString) -> Bool {
        guard let at = position(of: key) else { return false }
        index = at + key.utf8CodeUnitCount
        return true
    }

    /// The bytes up to the next `key`, moving past the key.
    mutating func upTo(_ key: StaticString) -> UnsafeBufferPointer<UInt8>? {
        guard let at = position(of: key) else { return nil }
        defer { index = at + key.utf8CodeUnitCount }
        return UnsafeBufferPointer(rebasing: bytes[index..<at])
    }

    /// Moves past `literal` if it is exactly here.
    mutating func take(_ literal: StaticString) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard let base = bytes.baseAddress, bytes.count - index >= n, memcmp(base + index, literal.utf8Start, n) == 0 else { return false }
        index += n
        return true
    }

    mutating func decimal() -> UInt64? {
        var value: UInt64 = 0
        let start = index
        while index < bytes.count, isDigit(bytes[index]) {
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(bytes[index] - 0x30))
            guard !o1, !o2 else { return nil }
            value = sum
            index += 1
        }
        return index > start ? value : nil
    }

    mutating func signedDecimal() -> Int64? {
        let negative = take("-")
        guard let magnitude = decimal(), magnitude <= UInt64(Int64.max) + (negative ? 1 : 0) else { return nil }
        return negative ? Int64(truncatingIfNeeded: 0 &- magnitude) : Int64(magnitude)
    }

    mutating func hex() -> UInt64? {
        var value: UInt64 = 0
        let start = index
        while index < bytes.count {
            let c = bytes[index]
            let digit: UInt8
            switch c {
            case 0x30...0x39: digit = c - 0x30
            case 0x61...0x66: digit = c - 0x61 + 10
            case 0x41...0x46: digit = c - 0x41 + 10
            default: return index > start ? value : nil
            }
            guard index - start < 16 else { return nil }
            value = value << 4 | UInt64(digit)
            index += 1
        }
        return index > start ? value : nil
    }

    /// The bytes up to the next space or the end.
    mutating func word() -> UnsafeBufferPointer<UInt8> {
        let start = index
        skipWord()
        return UnsafeBufferPointer(rebasing: bytes[start..<index])
    }

    /// The bytes to the end of the line, without trailing spaces.
    mutating func rest() -> UnsafeBufferPointer<UInt8> {
        var end = bytes.count
        while end > index, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x0d { end -= 1 }
        defer { index = bytes.count }
        return UnsafeBufferPointer(rebasing: bytes[index..<max(index, end)])
    }
}
