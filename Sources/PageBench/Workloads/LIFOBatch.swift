/// The shape `alloc-free`, `kmalloc-kfree` and the typed scenarios share: allocate B
/// things, then free them in reverse (LIFO), `rounds` times per batch so even B = 1 batches
/// are long enough to time. The allocator is a type parameter, so each pairing (folios on a
/// layout, pages from jemalloc, kmalloc objects, malloc) gets its own specialised loop.
protocol LIFOAllocator {
    associatedtype Handle
    mutating func allocate() -> Handle?
    mutating func free(_ handle: Handle)
    func checksum(_ handle: Handle) -> UInt64
}

/// The handles are kept in a buffer that moves to the next of `TurnPlaces`' places in its
/// page at the start of every turn (`beginTurn`). Where that buffer sits against the
/// allocated objects decides the speed: with it 512 bytes into a page, every `kmalloc-kfree`
/// row ran 1.25 to 2.0x slower than with it at the page's start, in every round
/// (`results/handle-offset.csv`; the cause in the CPU is not isolated: no counters here);
/// left where malloc put it, one machine in several drew a slow place and kept it for its
/// whole round. Moved each turn through the same cycle, every row meets the same mix of
/// places in every repetition of 16 turns, and a repetition's median is not decided by one.
struct LIFOBatch<A: LIFOAllocator>: TimedBatch, ~Copyable {
    var allocator: A
    let batch: Int
    let rounds: Int
    var live: LiveSet<A.Handle>
    var failures = 0
    /// The same cycle of places for every row.
    var placement = TurnPlaces(step: MemoryLayout<A.Handle>.alignment)

    init(_ allocator: A, batch: Int, rounds: Int) {
        self.allocator = allocator
        self.batch = batch
        self.rounds = rounds
        live = LiveSet(capacity: batch, slack: 4096)
    }

    var opsPerBatch: Int { rounds * batch }

    mutating func beginTurn() {
        live.place(atByteOffset: placement.next())
    }

    @inline(__always)
    mutating func runBatch() -> UInt64 {
        var sum: UInt64 = 0
        for _ in 0..<rounds {
            for _ in 0..<batch {
                guard let handle = allocator.allocate() else { failures += 1; continue }
                sum &+= allocator.checksum(handle)
                live.append(handle)
            }
            while live.count > 0 { allocator.free(live.removeLast()) }
        }
        return sum
    }
}

extension PreparedRow {
    /// A LIFO layout row, with its failed allocations counted.
    static func lifo<L: PageLayout, A: LIFOAllocator>(_ allocator: A, batch: Int, rounds: Int,
                                                      on box: MachineBox<L>, note: String = "") -> PreparedRow {
        .layout(LIFOBatch(allocator, batch: batch, rounds: rounds), on: box, note: note) {
            $0.batch.failures > 0 ? [Counter(.failures, $0.batch.failures)] : []
        }
    }

    /// The same through jemalloc.
    static func lifoJemalloc<A: LIFOAllocator>(_ allocator: A, batch: Int, rounds: Int, pageCount: Int) -> PreparedRow {
        .jemalloc(LIFOBatch(allocator, batch: batch, rounds: rounds), pageCount: pageCount) {
            $0.batch.failures > 0 ? [Counter(.failures, $0.batch.failures)] : []
        }
    }
}
