/// Allocation orders drawn like a page cache with large folios sees them: mostly order 0,
/// some order 2 to 4 (readahead), a few order 9 (THP). Shared by the mixed workloads and
/// their jemalloc rows so both draw the same sizes.
@inline(__always)
func pageCacheOrder(_ random: inout WorkloadRandom) -> Int {
    switch random.below(100) {
    case 0..<80: 0
    case 80..<87: 2
    case 87..<92: 3
    case 92..<97: 4
    default: 9
    }
}

/// A fixed-capacity array of live allocations in unsafe memory: the workloads' own
/// bookkeeping, allocated before timing so the timed loops never touch the Swift heap.
struct LiveSet<Element> {
    let base: UnsafeMutablePointer<Element>
    let capacity: Int
    var count = 0

    init(capacity: Int) {
        base = .allocate(capacity: max(capacity, 1))
        self.capacity = capacity
    }

    func deallocate() { base.deallocate() }

    @inline(__always) subscript(i: Int) -> Element {
        get { base[i] }
        nonmutating set { base[i] = newValue }
    }

    @inline(__always) mutating func append(_ e: Element) { base[count] = e; count += 1 }
    @inline(__always) mutating func removeLast() -> Element { count -= 1; return base[count] }
}
