/// One sub-buffer ("page") of a CPU's ring buffer as `per_cpu/cpuN/trace_pipe_raw` gives it,
/// laid out as tracefs's `events/header_page` and `events/header_event` describe it on a
/// 64-bit kernel (kernel/trace/ring_buffer.c): a 64-bit timestamp, an 8-byte `local_t` commit
/// (the bytes of data, with the missed-events flags in its high bits), then the events. Each
/// event starts with a 32-bit header, `type_len:5, time_delta:27`: `type_len` 1-28 is a
/// record of that many 32-bit words; 0 a record whose length (plus 4) is the next word; 29
/// padding, its length in the next word; 30 a time extend and 31 an absolute time stamp,
/// each with its upper time bits in the next word.
struct RingBufferPage {
    /// Where the commit word and the data start (64-bit kernels: 8 and 16).
    static let commitOffset = 8
    static let dataOffset = 16
    /// The commit's flags (ring_buffer.c, `RB_MISSED_EVENTS`, `RB_MISSED_STORED`) and the
    /// bits that hold the length (libtraceevent's kbuffer, `COMMIT_MASK`).
    static let missedEvents: UInt64 = 1 << 31
    static let missedStored: UInt64 = 1 << 30
    static let commitMask: UInt64 = (1 << 27) - 1

    enum EventType {
        static let padding: UInt32 = 29
        static let timeExtend: UInt32 = 30
        static let timeStamp: UInt32 = 31
        static let timeShift = 27
    }

    let bytes: UnsafeRawBufferPointer

    /// The page's records in order, with their times (ns of the trace clock); what the
    /// kernel said it missed before the page (nil: some, not counted); false if the page
    /// ends inside a record.
    func forEachRecord(_ body: (_ nanoseconds: UInt64, _ record: UnsafeRawBufferPointer) -> Void) -> (missed: UInt64?, intact: Bool) {
        guard bytes.count >= Self.dataOffset else { return (0, false) }
        var time = bytes.loadUnaligned(as: UInt64.self)
        let commit = bytes.loadUnaligned(fromByteOffset: Self.commitOffset, as: UInt64.self)
        let size = Int(commit & Self.commitMask)
        let end = Self.dataOffset + size
        guard end <= bytes.count else { return (0, false) }
        var missed: UInt64? = 0
        if commit & Self.missedEvents != 0 {
            missed = commit & Self.missedStored != 0 && end + 8 <= bytes.count ? bytes.loadUnaligned(fromByteOffset: end, as: UInt64.self) : nil
        }
        var at = Self.dataOffset
        while at + 4 <= end {
            let header = bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self)
            let typeLen = header & 0x1f, delta = UInt64(header >> 5)
            switch typeLen {
            case EventType.padding:
                // A null event (delta 0) fills the rest of the page; a discarded record
                // carries its length. The kernel's reader does not add a padding's delta
                // (ring_buffer.c, `rb_update_read_stamp`).
                guard delta != 0, at + 8 <= end else { return (missed, true) }
                at += 4 + Int(bytes.loadUnaligned(fromByteOffset: at + 4, as: UInt32.self))
            case EventType.timeExtend, EventType.timeStamp:
                guard at + 8 <= end else { return (missed, false) }
                let high = UInt64(bytes.loadUnaligned(fromByteOffset: at + 4, as: UInt32.self)) << EventType.timeShift | delta
                if typeLen == EventType.timeExtend {
                    time &+= high
                } else {
                    // An absolute stamp lacks the top 5 bits: they are the page's, one more
                    // if the stamp wrapped (ring_buffer.c, `rb_fix_abs_ts`).
                    let msb = time & (0xf8 << 56)
                    var absolute = high | msb
                    if msb != 0, absolute < time { absolute &+= 1 << 59 }
                    time = absolute
                }
                at += 8
            case 0:
                guard at + 8 <= end else { return (missed, false) }
                let length = Int(bytes.loadUnaligned(fromByteOffset: at + 4, as: UInt32.self))
                guard length >= 4, at + 4 + length <= end else { return (missed, false) }
                time &+= delta
                body(time, UnsafeRawBufferPointer(rebasing: bytes[(at + 8)..<(at + 4 + length)]))
                at += 4 + (length + 3) & ~3
            default:
                let length = Int(typeLen) * 4
                guard at + 4 + length <= end else { return (missed, false) }
                time &+= delta
                body(time, UnsafeRawBufferPointer(rebasing: bytes[(at + 4)..<(at + 4 + length)]))
                at += 4 + length
            }
        }
        return (missed, at == end)
    }
}
