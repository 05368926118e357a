/// Turns the pages a recording read from `per_cpu/cpuN/trace_pipe_raw` into a
/// `TraceEventLog`: the events of every CPU in the order of their times (ties: the lower CPU
/// first), as `trace_pipe` merges them (kernel/trace/trace.c, `__find_next_entry`), each
/// field read from its tracepoint's `format` offsets and printed the way its `TP_printk`
/// prints it where the trace keeps text (gfp masks, cache names, collapse results), so the
/// log is the one `TraceLineParser` makes of the same events' text read after the recording
/// (`trace`), but for the objects the text's 32-bit pointer hashes merge
/// (`TraceEventLog.mergedObjects(againstText:)`). A live `trace_pipe` merges only what the buffers hold when
/// it reads, so its order across CPUs can differ where a CPU's events arrive late.
struct RawTraceDecoder {
    /// What to read from each kind's records.
    private struct Reader {
        var kind: TraceEvent.Kind
        var format: TracepointFormat
        /// The fields `TraceEvent.Kind` keeps, in the order `decode` reads them.
        var fields: [TracepointFormat.Field]
    }

    private var readers: [UInt16: Reader] = [:]
    private let pid: TracepointFormat.Field

    /// The fields each kind keeps (include/trace/events/kmem.h, filemap.h, huge_memory.h,
    /// compaction.h, migrate.h), in the order `decode` reads them.
    static func fieldNames(_ kind: TraceEvent.Kind) -> [String] {
        switch kind {
        case .pageAlloc: ["pfn", "order", "migratetype", "gfp_flags"]
        case .pageFree: ["pfn", "order"]
        case .pageFreeBatched: ["pfn"]
        case .kmalloc: ["ptr", "bytes_req", "bytes_alloc", "gfp_flags"]
        case .kfree: ["ptr"]
        case .cacheAlloc: ["ptr", "bytes_req", "bytes_alloc", "name"]
        case .cacheFree: ["ptr", "name"]
        case .filemapAdd, .filemapDelete: ["pfn", "order", "s_dev", "i_ino", "index"]
        case .filemapGetPages, .filemapMapPages: ["index", "last_index", "s_dev", "i_ino"]
        case .filemapFault: ["index", "s_dev", "i_ino"]
        case .collapse: ["isolated", "status"]
        case .compactionMigrateScan, .compactionFreeScan: ["start_pfn", "end_pfn", "nr_scanned", "nr_taken"]
        case .migratePages: ["succeeded", "failed"]
        }
    }

    /// From the `format` files of the kinds recorded; says which field or table is missing.
    init(formats: [TraceEvent.Kind: TracepointFormat]) throws(RecordError) {
        var pid: TracepointFormat.Field?
        for (kind, format) in formats {
            var fields: [TracepointFormat.Field] = []
            for name in Self.fieldNames(kind) {
                guard let field = format.fields[name], field.size <= 8 else { throw RecordError("\(kind.tracepoint) has no field \(name)") }
                fields.append(field)
            }
            if kind == .pageAlloc || kind == .kmalloc, format.flagTables["gfp_flags"] == nil { throw RecordError("\(kind.tracepoint) prints gfp_flags without a table") }
            if kind == .collapse, format.symbolTables["status"] == nil { throw RecordError("\(kind.tracepoint) prints status without a table") }
            guard let common = format.fields["common_pid"] else { throw RecordError("\(kind.tracepoint) has no common_pid") }
            pid = common
            readers[format.id] = Reader(kind: kind, format: format, fields: fields)
        }
        self.pid = pid ?? TracepointFormat.Field(offset: 4, size: 4, isSigned: true)
    }

    /// The log of `pages`, each CPU's pages in the order they were read.
    func decode(_ pages: [(cpu: UInt8, bytes: UnsafeRawBufferPointer)]) -> TraceEventLog {
        var log = TraceEventLog()
        var records: [[(nanoseconds: UInt64, record: UnsafeRawBufferPointer)]] = []
        var cpuOf: [UInt8] = []
        for (cpu, bytes) in pages {
            let slot = cpuOf.firstIndex(of: cpu) ?? { cpuOf.append(cpu); records.append([]); return cpuOf.count - 1 }()
            let (missed, intact) = RingBufferPage(bytes: bytes).forEachRecord { records[slot].append(($0, $1)) }
            log.lostReported += missed ?? 0
            if !intact { log.reject("cpu \(cpu): a page ends inside a record") }
        }
        // The CPUs in order, so that ties go to the lower one as in trace_pipe.
        let order = cpuOf.indices.sorted { cpuOf[$0] < cpuOf[$1] }
        var next = [Int](repeating: 0, count: records.count)
        while true {
            var best: Int?
            for slot in order where next[slot] < records[slot].count {
                if best == nil || records[slot][next[slot]].nanoseconds < records[best!][next[best!]].nanoseconds { best = slot }
            }
            guard let slot = best else { break }
            let (nanoseconds, record) = records[slot][next[slot]]
            next[slot] += 1
            append(record, cpu: cpuOf[slot], nanoseconds: nanoseconds, to: &log)
        }
        return log
    }

    private func append(_ record: UnsafeRawBufferPointer, cpu: UInt8, nanoseconds: UInt64, to log: inout TraceEventLog) {
        guard record.count >= 2 else { return log.reject("cpu \(cpu): a record of \(record.count) bytes") }
        let id = record.loadUnaligned(as: UInt16.self)
        guard let reader = readers[id] else { return log.reject("cpu \(cpu): an event of id \(id), not recorded here") }
        guard reader.fields.allSatisfy({ $0.offset + $0.size <= record.count }), pid.offset + pid.size <= record.count,
              let event = decode(record, reader, &log) else {
            return log.reject("cpu \(cpu): a \(reader.kind.tracepoint) record the trace cannot read")
        }
        // `trace_pipe` prints microseconds rounded (trace.c, `ns2usecs`).
        log.append(event, cpu: cpu, pid: UInt32(truncatingIfNeeded: Self.value(record, pid)), microseconds: (nanoseconds + 500) / 1000)
    }

    /// The event of one record, its numbers as the text parser takes them from the line.
    private func decode(_ record: UnsafeRawBufferPointer, _ reader: Reader, _ log: inout TraceEventLog) -> TraceEvent? {
        let v = reader.fields.map { Self.value(record, $0) }
        let kind = reader.kind
        /// A signed field printed with %d: the text parser reads no minus sign.
        func unsigned(_ i: Int) -> UInt64? { reader.fields[i].isSigned && Int64(bitPattern: v[i]) < 0 ? nil : v[i] }
        /// `ofs=%lld` of `(loff_t)index << PAGE_SHIFT`, read back as the text parser does.
        func page(_ ofs: UInt64) -> UInt64 { ofs >> 12 }
        switch kind {
        case .pageAlloc:
            // `pfn != -1UL ? pfn : 0` (kmem.h: a failed allocation).
            guard let order = unsigned(1), let type = unsigned(2) else { return nil }
            return TraceEvent(kind, a: v[0] == .max ? 0 : v[0], b: order, c: type, d: gfp(v[3], reader, &log))
        case .pageFree:
            guard let order = unsigned(1) else { return nil }
            return TraceEvent(kind, a: v[0], b: order)
        case .pageFreeBatched:
            return TraceEvent(kind, a: v[0])
        case .kmalloc:
            return TraceEvent(kind, a: log.object(v[0]), b: v[1], c: v[2], d: gfp(v[3], reader, &log))
        case .kfree:
            return TraceEvent(kind, a: log.object(v[0]))
        case .cacheAlloc:
            guard let name = Self.string(record, v[3]) else { return nil }
            return TraceEvent(kind, a: log.object(v[0]), b: v[1], c: v[2], d: name.withUnsafeBufferPointer { log.intern($0) })
        case .cacheFree:
            guard let name = Self.string(record, v[1]) else { return nil }
            return TraceEvent(kind, a: log.object(v[0]), d: name.withUnsafeBufferPointer { log.intern($0) })
        case .filemapAdd, .filemapDelete:
            // `ofs=%lu` of `index << PAGE_SHIFT`.
            return TraceEvent(kind, a: v[0], b: v[1], c: log.file(dev: v[2], ino: v[3]), d: page(v[4] &<< 12))
        case .filemapGetPages, .filemapMapPages:
            // `ofs=%lld-%lld` of `(loff_t)index << 12` and `(((loff_t)last_index + 1) << 12) - 1`.
            return TraceEvent(kind, a: page(v[0] &<< 12), b: page((v[1] &+ 1) &<< 12 &- 1), c: log.file(dev: v[2], ino: v[3]))
        case .filemapFault:
            return TraceEvent(kind, a: page(v[0] &<< 12), c: log.file(dev: v[1], ino: v[2]))
        case .collapse:
            guard let isolated = unsigned(0) else { return nil }
            let table = reader.format.symbolTables["status"] ?? []
            // `__print_symbolic`: the first name of the value, else the value in hexadecimal.
            let name = table.first { $0.value == v[1] }?.name ?? "0x" + String(v[1], radix: 16)
            return TraceEvent(kind, a: isolated, b: log.intern(name))
        case .compactionMigrateScan, .compactionFreeScan:
            return TraceEvent(kind, a: v[0], b: v[1], c: v[2], d: v[3])
        case .migratePages:
            return TraceEvent(kind, a: v[0], b: v[1])
        }
    }

    /// `show_gfp_flags` (include/trace/events/mmflags.h): "none" for 0, else the table's names.
    private func gfp(_ flags: UInt64, _ reader: Reader, _ log: inout TraceEventLog) -> UInt64 {
        log.intern(flags == 0 ? "none" : reader.format.flagTables["gfp_flags"]?.print(flags) ?? "0x" + String(flags, radix: 16))
    }

    /// A field's value, little-endian, sign-extended if the field is signed.
    static func value(_ record: UnsafeRawBufferPointer, _ field: TracepointFormat.Field) -> UInt64 {
        var value: UInt64 = 0
        for i in 0..<field.size { value |= UInt64(record[field.offset + i]) << (8 * i) }
        if field.isSigned, field.size < 8, value >> (8 * field.size - 1) & 1 == 1 { value |= ~0 << (8 * field.size) }
        return value
    }

    /// A `__data_loc` string: the word holds its offset (low 16 bits) and length with the NUL
    /// (high 16), include/trace/trace_events.h.
    static func string(_ record: UnsafeRawBufferPointer, _ location: UInt64) -> [UInt8]? {
        let offset = Int(location & 0xffff), length = Int(location >> 16 & 0xffff)
        guard offset + length <= record.count else { return nil }
        let bytes = record[offset..<offset + length]
        return Array(bytes.prefix { $0 != 0 })
    }
}
