#if canImport(Glibc)
import Glibc
#endif

/// The events of a recording as a reader turns them out, whichever reader it is (the text of
/// `trace_pipe`, `TraceLineParser`; the ring buffer's pages, `RawTraceDecoder`): it interns
/// as `TraceEvent` says (strings into `strings`; the slab events' pointers and the filemap
/// events' `dev:ino` into numbers from 1 in the order they first appear) and turns each
/// event's time into microseconds since the event before it.
public struct TraceEventLog {
    public private(set) var events: [TraceEvent] = []
    /// The string table the events' string fields index.
    public private(set) var strings: [String] = []
    /// Records (lines, or ring-buffer events) that are neither an event of a known kind nor
    /// a lost-events notice.
    public private(set) var unparsed = 0
    /// The first `examplesKept` of those, for the message.
    public private(set) var unparsedExamples: [String] = []
    /// Events the ring buffer overwrote before they were read, as the reader saw them
    /// reported (`trace_pipe`'s `[LOST n EVENTS]`, a page's stored missed-events count).
    public internal(set) var lostReported: UInt64 = 0

    public static let examplesKept = 5

    private var interned = ByteInterner()
    private var objects: [UInt64: UInt64] = [:]
    private var files: [FileKey: UInt64] = [:]
    private var lastMicroseconds: UInt64?

    public init() {
        events.reserveCapacity(1 << 16)
    }

    /// Appends `event` as emitted by `pid` on `cpu` at `microseconds` of the trace clock.
    /// The readers give events in timestamp order; a step back (clocks of two CPUs) is taken
    /// as 0 so that the deltas still add up to the span.
    mutating func append(_ event: TraceEvent, cpu: UInt8, pid: UInt32, microseconds: UInt64) {
        var event = event
        event.cpu = cpu
        event.pid = pid
        let previous = lastMicroseconds ?? microseconds
        event.deltaMicroseconds = microseconds > previous ? microseconds - previous : 0
        lastMicroseconds = max(previous, microseconds)
        events.append(event)
    }

    /// Counts a record no rule reads, keeping the first few as `describe` says.
    mutating func reject(_ describe: @autoclosure () -> String) {
        unparsed += 1
        if unparsedExamples.count < Self.examplesKept { unparsedExamples.append(describe()) }
    }

    mutating func intern(_ text: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let (index, isNew) = interned.index(of: text)
        if isNew { strings.append(String(decoding: text, as: UTF8.self)) }
        return UInt64(index)
    }

    mutating func intern(_ text: String) -> UInt64 {
        var text = text
        return text.withUTF8 { intern($0) }
    }

    /// A pointer's number: NULL is 0. The text's pointers are the kernel's `%p` hashes of
    /// them, 32 bits on a 64-bit kernel (lib/vsprintf.c, `ptr_to_id`), so two objects of a
    /// trace can share one; the pages' are the pointers themselves.
    mutating func object(_ pointer: UInt64) -> UInt64 {
        guard pointer != 0 else { return 0 }
        if let id = objects[pointer] { return id }
        let id = UInt64(objects.count + 1)
        objects[pointer] = id
        return id
    }

    /// A file's number, from its device (the kernel's `dev_t`: major << 20 | minor) and inode.
    mutating func file(dev: UInt64, ino: UInt64) -> UInt64 {
        let key = FileKey(dev: dev, ino: ino)
        if let id = files[key] { return id }
        let id = UInt64(files.count + 1)
        files[key] = id
        return id
    }
}

private struct FileKey: Hashable {
    var dev: UInt64
    var ino: UInt64
}

/// Byte strings to indices, without building a `String` for one already seen.
struct ByteInterner {
    private var buckets: [UInt64: [Int]] = [:]
    private var stored: [[UInt8]] = []

    /// The index of `text`, and whether it is new.
    mutating func index(of text: UnsafeBufferPointer<UInt8>) -> (index: Int, isNew: Bool) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a
        for c in text { hash = (hash ^ UInt64(c)) &* 0x100_0000_01b3 }
        if let candidates = buckets[hash] {
            for i in candidates where stored[i].count == text.count {
                let same = stored[i].withUnsafeBufferPointer { stored in
                    guard let x = stored.baseAddress, let y = text.baseAddress else { return true }  // both empty
                    return memcmp(x, y, text.count) == 0
                }
                if same {
                    return (i, false)
                }
            }
        }
        stored.append(Array(text))
        buckets[hash, default: []].append(stored.count - 1)
        return (stored.count - 1, true)
    }
}
