/// A fixed-capacity array of live allocations in unsafe memory: the workloads' own
/// bookkeeping, allocated before timing so the timed loops never touch the Swift heap
/// (no retain, release or uniqueness check). It owns its buffer and frees it when dropped.
struct LiveSet<Element>: ~Copyable {
    let base: UnsafeMutablePointer<Element>
    let capacity: Int
    var count = 0

    init(capacity: Int) {
        base = .allocate(capacity: max(capacity, 1))
        self.capacity = capacity
    }

    deinit { base.deallocate() }

    @inline(__always) subscript(i: Int) -> Element {
        get { base[i] }
        nonmutating set { base[i] = newValue }
    }

    @inline(__always) mutating func append(_ e: Element) { base[count] = e; count += 1 }
    @inline(__always) mutating func removeLast() -> Element { count -= 1; return base[count] }
}
