import CJemalloc

/// `kmalloc-kfree`: B objects of one size allocated, then freed in reverse; `kfree` finds
/// each object's slab through the layout (`virt_to_slab`). ns per pair.
enum KmallocKfree {
    static func rounds(batch: Int) -> Int { max(1, 4096 / batch) }

    struct Pages<L: PageLayout>: TimedBatch {
        let machine: MachineRef<L>
        let size: Int
        let batch: Int
        var live: LiveSet<UnsafeMutableRawPointer>
        var failures = 0

        init(_ machine: MachineRef<L>, size: Int, batch: Int) {
            self.machine = machine
            self.size = size
            self.batch = batch
            live = LiveSet(capacity: batch)
        }

        var opsPerBatch: Int { KmallocKfree.rounds(batch: batch) * batch }

        @inline(__always)
        mutating func runBatch() -> UInt64 {
            var sum: UInt64 = 0
            for _ in 0..<KmallocKfree.rounds(batch: batch) {
                for _ in 0..<batch {
                    guard let p = machine.pointee.kmalloc(size) else { failures += 1; continue }
                    sum &+= UInt64(UInt(bitPattern: p))
                    live.append(p)
                }
                while live.count > 0 { machine.pointee.kfree(live.removeLast()) }
            }
            return sum
        }
    }

    /// jemalloc's `malloc` / `free` of the same size.
    struct Jemalloc: TimedBatch {
        let size: Int
        let batch: Int
        var live: LiveSet<UnsafeMutableRawPointer>

        init(size: Int, batch: Int) {
            self.size = size
            self.batch = batch
            live = LiveSet(capacity: batch)
        }

        var opsPerBatch: Int { KmallocKfree.rounds(batch: batch) * batch }

        @inline(__always)
        mutating func runBatch() -> UInt64 {
            var sum: UInt64 = 0
            for _ in 0..<KmallocKfree.rounds(batch: batch) {
                for _ in 0..<batch {
                    let p = pb_malloc(size).unsafelyUnwrapped
                    sum &+= UInt64(UInt(bitPattern: p))
                    live.append(p)
                }
                while live.count > 0 { pb_free(live.removeLast()) }
            }
            return sum
        }
    }
}
