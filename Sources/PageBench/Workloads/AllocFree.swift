import CJemalloc

/// `alloc-free`: B folios of order o allocated, then freed in reverse; `rounds` times per
/// batch so that even B = 1 batches are long enough to time. ns per alloc+free pair.
enum AllocFree {
    static func rounds(batch: Int) -> Int { max(1, 1024 / batch) }

    struct Pages<L: PageLayout>: TimedBatch {
        let machine: MachineRef<L>
        let order: Int
        let batch: Int
        var live: LiveSet<Memdesc>
        var failures = 0

        init(_ machine: MachineRef<L>, order: Int, batch: Int) {
            self.machine = machine
            self.order = order
            self.batch = batch
            live = LiveSet(capacity: batch)
        }

        var opsPerBatch: Int { AllocFree.rounds(batch: batch) * batch }

        @inline(__always)
        mutating func runBatch() -> UInt64 {
            var sum: UInt64 = 0
            for _ in 0..<AllocFree.rounds(batch: batch) {
                for _ in 0..<batch {
                    guard let folio = machine.pointee.folioAlloc(order: order) else { failures += 1; continue }
                    sum &+= UInt64(folio.raw)
                    live.append(folio)
                }
                while live.count > 0 { machine.pointee.folioPut(live.removeLast()) }
            }
            return sum
        }
    }

    /// The same sizes through jemalloc: page-aligned `mallocx` / sized `sdallocx`.
    struct Jemalloc: TimedBatch {
        let size: Int
        let batch: Int
        var live: LiveSet<UnsafeMutableRawPointer>
        var failures = 0

        init(order: Int, batch: Int) {
            size = PageGeometry.pageSize << order
            self.batch = batch
            live = LiveSet(capacity: batch)
        }

        var opsPerBatch: Int { AllocFree.rounds(batch: batch) * batch }

        @inline(__always)
        mutating func runBatch() -> UInt64 {
            var sum: UInt64 = 0
            for _ in 0..<AllocFree.rounds(batch: batch) {
                for _ in 0..<batch {
                    guard let p = pb_mallocx_aligned(size, PageGeometry.pageSize) else { failures += 1; continue }
                    sum &+= UInt64(UInt(bitPattern: p))
                    live.append(p)
                }
                while live.count > 0 { pb_sdallocx_aligned(live.removeLast(), size, PageGeometry.pageSize) }
            }
            return sum
        }
    }
}
