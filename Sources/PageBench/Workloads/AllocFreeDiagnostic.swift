import Foundation

/// Diagnostic only (reverted): an `alloc-free` row's loop timed again after its round, alone,
/// as the round left it, then with the machine's struct copied to five new pages in turn (the
/// same offset in each), each followed by the row as left again, to see whether the struct's frame moves its speed.
enum AllocFreeDiagnostic {
    static func nsPerOp(_ subject: some TimedSubject) -> Double {
        for _ in 0..<10 { subject.warm() }
        var times = [UInt64](repeating: 0, count: 41)
        times.withUnsafeMutableBufferPointer { buffer in
            for i in 0..<41 { _ = subject.time(pieces: 1, into: buffer.baseAddress! + i) }
        }
        times.sort()
        return Double(times[20]) / Double(subject.opsPerBatch)
    }

    static func line<L: PageLayout>(_ ref: MachineRef<L>, original: some TimedSubject, order: Int, batch: Int) -> String {
        var values = [nsPerOp(original)]
        let offset = Int(UInt(bitPattern: ref) & 0xfff)
        for _ in 0..<5 {
            let page = UnsafeMutableRawPointer.allocate(byteCount: 2 * 4096, alignment: 4096)
            memset(page, 0, 2 * 4096)
            (page + offset).copyMemory(from: UnsafeRawPointer(ref), byteCount: MemoryLayout<Machine<L>>.size)
            let copy = MachineRef<L>((page + offset).assumingMemoryBound(to: Machine<L>.self))
            let moved = Subject(LIFOBatch(AllocFree.Folios(machine: copy, order: order), batch: batch,
                                          rounds: AllocFree.rounds(batch: batch)), owner: nil)
            values.append(nsPerOp(moved))
            values.append(nsPerOp(original))
        }
        return "DIAG \(L.name) order=\(order) batch=\(batch) " + values.map { String(format: "%.2f", $0) }.joined(separator: " ")
    }
}
