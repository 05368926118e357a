import Foundation
import CZstd

/// A recording (`benchmarks record`): the machine's snapshot when it started, then every
/// event, for `run --trace FILE` to replay.
///
/// The file is a magic line, then one zstd frame (Debian's libzstd) holding: the facts
/// (what ran, how long, events lost) as key/value strings; the string table; the snapshot
/// in its own format (`Snapshot.encoded`); and the events, each a kind byte, a CPU byte and
/// six LEB128 varints (pid, microseconds since the previous event, a, b, c, d). Every event
/// has that shape, so a reader skips kinds it does not know.
public struct Trace: Equatable, Sendable {
    public var facts: [(key: String, value: String)]
    public var strings: [String]
    public var snapshot: Snapshot
    public var events: [TraceEvent]

    public init(facts: [(key: String, value: String)] = [], strings: [String] = [], snapshot: Snapshot, events: [TraceEvent] = []) {
        self.facts = facts
        self.strings = strings
        self.snapshot = snapshot
        self.events = events
    }

    public static func == (x: Trace, y: Trace) -> Bool {
        x.facts.map(\.key) == y.facts.map(\.key) && x.facts.map(\.value) == y.facts.map(\.value)
            && x.strings == y.strings && x.snapshot == y.snapshot && x.events == y.events
    }

    public func fact(_ key: String) -> String? { facts.first { $0.key == key }?.value }

    /// Reads a trace file.
    public init(contentsOf path: String) throws(TraceError) {
        guard let bytes = readBytes(path) else { throw .unreadable("cannot read trace \(path): \(errnoText())") }
        try self.init(decoding: bytes)
    }

    /// The first `count` events of this recording, on the same snapshot: a shorter replay of
    /// the same start. Frees and lookups in it can only name what it allocated or what the
    /// snapshot held; what the cut-off tail would have freed, the replay's teardown frees.
    /// The facts keep the recording's and say what was kept.
    public func prefix(_ count: Int) -> Trace {
        let kept = events.prefix(max(0, count))
        let micros = kept.reduce(UInt64(0)) { $0 &+ $1.deltaMicroseconds }
        var copy = self
        copy.events = Array(kept)
        copy.facts.append((key: "cut", value: "the first \(kept.count) of \(events.count) events recorded, "
                           + "the first \(String(format: "%.2f", Double(micros) / 1e6)) s"))
        return copy
    }

    /// The string an event's field names, or "" for an index out of the table.
    public func string(_ index: UInt64) -> String { index < strings.count ? strings[Int(index)] : "" }

    static let magic = Array("struct-page-bench trace 1\n".utf8)

    /// The file's bytes; `level` is zstd's compression level.
    public func encoded(level: Int32 = 12) -> [UInt8] {
        var out = VarintWriter()
        out.append(facts.count)
        for (key, value) in facts { out.append(key); out.append(value) }
        out.append(strings.count)
        for s in strings { out.append(s) }
        let snapshotBytes = snapshot.encoded()
        out.append(snapshotBytes.count)
        out.bytes += snapshotBytes
        out.append(events.count)
        for e in events {
            out.bytes.append(e.rawKind)
            out.bytes.append(e.cpu)
            out.append(UInt64(e.pid)); out.append(e.deltaMicroseconds)
            out.append(e.a); out.append(e.b); out.append(e.c); out.append(e.d)
        }
        let payload = out.bytes
        var frame = [UInt8](repeating: 0, count: ZSTD_compressBound(payload.count))
        // A checksum in the frame: without one a flipped bit in the events decodes as other events.
        let context = ZSTD_createCCtx()
        defer { ZSTD_freeCCtx(context) }
        ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, level)
        ZSTD_CCtx_setParameter(context, ZSTD_c_checksumFlag, 1)
        let n = payload.withUnsafeBytes { src in
            frame.withUnsafeMutableBytes { dst in ZSTD_compress2(context, dst.baseAddress, dst.count, src.baseAddress, src.count) }
        }
        precondition(ZSTD_isError(n) == 0, "zstd: \(String(cString: ZSTD_getErrorName(n)))")
        return Self.magic + frame[0..<n]
    }

    public init(decoding bytes: [UInt8]) throws(TraceError) {
        guard bytes.count >= Self.magic.count, Array(bytes[0..<Self.magic.count]) == Self.magic else {
            throw .malformed("not a struct-page-bench trace")
        }
        let payload = try Self.decompress(bytes[Self.magic.count...])
        var input = VarintReader(bytes: payload)
        var facts: [(key: String, value: String)] = []
        for _ in 0..<(try input.count()) { facts.append((try input.string(), try input.string())) }
        var strings: [String] = []
        for _ in 0..<(try input.count()) { strings.append(try input.string()) }
        let snapshotBytes = try input.bytes(try input.count())
        let snapshot: Snapshot
        do throws(SnapshotError) { snapshot = try Snapshot(decoding: snapshotBytes) } catch {
            throw .malformed("its snapshot: \(error)")
        }
        let count = try input.count()
        var events: [TraceEvent] = []
        events.reserveCapacity(count)
        for _ in 0..<count {
            let head = try input.bytes(2)
            let pid = try input.varint()
            guard pid <= UInt32.max else { throw .malformed("pid \(pid) out of range") }
            events.append(TraceEvent(rawKind: head[0], cpu: head[1], pid: UInt32(pid), deltaMicroseconds: try input.varint(),
                                     a: try input.varint(), b: try input.varint(), c: try input.varint(), d: try input.varint()))
        }
        guard input.atEnd else { throw .malformed("\(payload.count - input.index) bytes after the last event") }
        self.init(facts: facts, strings: strings, snapshot: snapshot, events: events)
    }

    /// One whole zstd frame, and nothing after it.
    static func decompress(_ frame: ArraySlice<UInt8>) throws(TraceError) -> [UInt8] {
        let (size, used) = frame.withUnsafeBytes { src in
            (ZSTD_getFrameContentSize(src.baseAddress, src.count), ZSTD_findFrameCompressedSize(src.baseAddress, src.count))
        }
        guard ZSTD_isError(used) == 0 else { throw .malformed("its compressed data is truncated or corrupt") }
        guard used == frame.count else { throw .malformed("\(frame.count - used) bytes after its compressed data") }
        guard size != ZSTD_CONTENTSIZE_ERROR, size != ZSTD_CONTENTSIZE_UNKNOWN, size < 1 << 34 else {
            throw .malformed("its compressed data has no valid size")
        }
        var payload = [UInt8](repeating: 0, count: Int(size))
        let n = frame.withUnsafeBytes { src in
            payload.withUnsafeMutableBytes { dst in ZSTD_decompress(dst.baseAddress, dst.count, src.baseAddress, src.count) }
        }
        guard ZSTD_isError(n) == 0, n == Int(size) else { throw .malformed("its compressed data is corrupt") }
        return payload
    }
}

public enum TraceError: Error, Equatable, CustomStringConvertible {
    case malformed(String)
    case unreadable(String)

    public var description: String {
        switch self {
        case .malformed(let why): "malformed trace: \(why)"
        case .unreadable(let why): why
        }
    }
}

/// LEB128 varints and length-prefixed strings, appended.
struct VarintWriter {
    var bytes: [UInt8] = []

    mutating func append(_ value: UInt64) {
        var n = value
        while n >= 0x80 {
            bytes.append(UInt8(n & 0x7f) | 0x80)
            n >>= 7
        }
        bytes.append(UInt8(n))
    }

    mutating func append(_ value: Int) { append(UInt64(value)) }

    mutating func append(_ text: String) {
        let utf8 = Array(text.utf8)
        append(utf8.count)
        bytes += utf8
    }
}

/// The reader of `VarintWriter`'s bytes; every read checks that the bytes are there.
struct VarintReader {
    let bytes: [UInt8]
    var index = 0

    var atEnd: Bool { index == bytes.count }

    mutating func varint() throws(TraceError) -> UInt64 {
        var value: UInt64 = 0, shift: UInt64 = 0
        while true {
            guard index < bytes.count else { throw .malformed("truncated") }
            guard shift < 64 else { throw .malformed("a number longer than 64 bits") }
            let b = bytes[index]
            index += 1
            value |= UInt64(b & 0x7f) << shift
            shift += 7
            if b < 0x80 { return value }
        }
    }

    /// A count or length: at most what is left of the bytes.
    mutating func count() throws(TraceError) -> Int {
        let n = try varint()
        guard n <= UInt64(bytes.count - index) else { throw .malformed("a count of \(n) with \(bytes.count - index) bytes left") }
        return Int(n)
    }

    mutating func bytes(_ n: Int) throws(TraceError) -> [UInt8] {
        guard n <= bytes.count - index else { throw .malformed("truncated") }
        defer { index += n }
        return Array(bytes[index..<index + n])
    }

    mutating func string() throws(TraceError) -> String {
        String(decoding: try bytes(try count()), as: UTF8.self)
    }
}
