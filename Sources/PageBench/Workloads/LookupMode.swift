/// How one random lookup's pfn relates to the previous lookup's result (`lookup-random`'s
/// `mode=`). Shutemov's "two cache lines instead of one" is a latency argument: a dependent
/// load after a miss. Independent lookups overlap in the memory system and measure
/// throughput; chained ones wait for each result and measure latency.
///
/// Both modes visit the same pfns from the same generator, so layouts, floors and modes stay
/// comparable: a chained lookup's pfn is `next pfn + (previous result & mask)`, with a mask
/// that is 0. `Throughput`'s mask is the literal 0, so the add folds away and the loop is the
/// one it always was; `Latency`'s is loaded at run time from memory the compiler cannot see
/// through (the zero descriptor past the memmap), so the add stays and each address waits for
/// the previous lookup's last load. The C floor does the same (`floor_chase_*`).
protocol LookupMode {
    /// The variant's `mode=` value.
    static var name: String { get }
    /// Whether each lookup's address depends on the previous lookup's result.
    static var chained: Bool { get }
    /// Lookups in a batch: about 70 to 100 µs of them in either mode at 4 GiB, so that a
    /// 0.5 ms turn holds several batches of every row (4096 chained lookups, 0.7 ms, took a turn
    /// each and left a repetition 11 batches to take the median of).
    static var opsPerBatch: Int { get }
}

extension LookupMode {
    /// What the previous result is masked with: 0 either way, but only the compiler of the
    /// unchained mode knows it.
    @inline(__always)
    static func mask(zeroWord: UnsafeRawPointer) -> UInt64 { chained ? zeroWord.load(as: UInt64.self) : 0 }

    /// The pfn (or index) to look up next: `next`, plus the previous result masked to 0.
    @inline(__always)
    static func chain(_ next: Int, after previous: UInt64, mask: UInt64) -> Int {
        next &+ Int(truncatingIfNeeded: previous & mask)
    }
}

/// Independent lookups: the CPU overlaps their misses (today's `lookup-random`).
enum Throughput: LookupMode {
    static var name: String { "throughput" }
    static var chained: Bool { false }
    static var opsPerBatch: Int { 4096 }
}

/// A pointer chase through random pfns: each lookup's address depends on the previous one's
/// `_refcount`, so its misses are paid one after the other.
enum Latency: LookupMode {
    static var name: String { "latency" }
    static var chained: Bool { true }
    static var opsPerBatch: Int { 512 }
}
