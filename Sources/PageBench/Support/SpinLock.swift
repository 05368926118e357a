import Atomics

/// A test-and-test-and-set spinlock. The zone lock of the one scenario where two threads
/// share a machine (the writer holds it around each allocation and free, a reader only when
/// its `folio_put` turns out to be the last), and each machine's `pcp->lock`, which its one
/// CPU takes uncontended: a compare-and-swap to take it, a store to release it.
public struct SpinLock: @unchecked Sendable {
    let word: UnsafeAtomic<Bool>

    public init() { word = .create(false) }
    /// A lock in memory that outlives it (a machine's control block); never destroyed.
    init(at storage: UnsafeMutablePointer<UnsafeAtomic<Bool>.Storage>) {
        storage.initialize(to: .init(false))
        word = UnsafeAtomic(at: storage)
    }
    public func destroy() { word.destroy() }

    @inline(__always)
    public func lock() {
        while true {
            if !word.exchange(true, ordering: .acquiring) { return }
            while word.load(ordering: .relaxed) {}
        }
    }

    /// `spin_trylock`: take the lock if it is free.
    @inline(__always)
    public func tryLock() -> Bool {
        word.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
    }

    @inline(__always)
    public func unlock() { word.store(false, ordering: .releasing) }
}
