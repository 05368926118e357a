/// A fixed-capacity array of live allocations in unsafe memory: the workloads' own
/// bookkeeping, allocated before timing so the timed loops never touch the Swift heap
/// (no retain, release or uniqueness check). It owns its buffer and frees it when dropped.
///
/// With `slack`, the buffer has that many bytes of room to be moved within while empty
/// (`place(atByteOffset:)`): where the handles sit in a page can decide a row's speed.
struct LiveSet<Element>: ~Copyable {
    private(set) var base: UnsafeMutablePointer<Element>
    private let storage: UnsafeMutableRawPointer
    let capacity: Int
    /// Bytes the elements can be moved by.
    let slack: Int
    var count = 0

    init(capacity: Int, slack: Int = 0) {
        let bytes = max(capacity, 1) * MemoryLayout<Element>.stride + slack
        storage = .allocate(byteCount: bytes, alignment: slack > 0 ? 4096 : MemoryLayout<Element>.alignment)
        base = storage.bindMemory(to: Element.self, capacity: max(capacity, 1))
        self.capacity = capacity
        self.slack = slack
    }

    deinit { storage.deallocate() }

    /// Moves the empty set to `offset` bytes into its slack (from the page-aligned start).
    mutating func place(atByteOffset offset: Int) {
        precondition(count == 0 && offset >= 0 && offset <= slack && offset % MemoryLayout<Element>.alignment == 0)
        base = (storage + offset).bindMemory(to: Element.self, capacity: max(capacity, 1))
    }

    @inline(__always) subscript(i: Int) -> Element {
        get { base[i] }
        nonmutating set { base[i] = newValue }
    }

    @inline(__always) mutating func append(_ e: Element) { base[count] = e; count += 1 }
    @inline(__always) mutating func removeLast() -> Element { count -= 1; return base[count] }
}
