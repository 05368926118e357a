import Atomics

/// A ticket spinlock, fair as the kernel's `spinlock_t` is: waiters are served in the order
/// they arrived, as by x86's ticket locks (`arch_spinlock_t`'s head and tail, before 4.2) and
/// the MCS queue of today's `qspinlock` (kernel/locking/qspinlock.c). It is the zone lock of
/// the one scenario where two threads share a machine (the writer holds it around each
/// allocation and free, a reader only when its `folio_put` turns out to be the last), and each
/// machine's `pcp->lock`, which its one CPU takes uncontended.
///
/// It is not a test-and-set lock because that one is unfair: a writer that takes it again
/// straight after releasing it wins against a reader spinning on the other CPU, and in
/// `concurrent-tryget writer=targeted` 9 of 144 rounds ran 10 to 56 times slower than their
/// layout's median (`reference.csv` at `3e51887`).
public struct SpinLock: @unchecked Sendable {
    /// The lock's two words: the next ticket to hand out (`tail`), then the ticket being
    /// served (`head`; only the holder advances it).
    let words: UnsafeMutablePointer<UnsafeAtomic<UInt32>.Storage>
    /// Whether the lock allocated its words itself (`init()`), so `destroy` frees them.
    private let ownsWords: Bool

    /// The words a lock keeps in memory that outlives it (a machine's control block).
    public typealias Storage = (UnsafeAtomic<UInt32>.Storage, UnsafeAtomic<UInt32>.Storage)

    public init() {
        self.init(words: .allocate(capacity: 2), ownsWords: true)
    }

    /// A lock in memory that outlives it (a machine's control block); never destroyed.
    init(at storage: UnsafeMutablePointer<Storage>) {
        let words = UnsafeMutableRawPointer(storage).bindMemory(to: UnsafeAtomic<UInt32>.Storage.self, capacity: 2)
        self.init(words: words, ownsWords: false)
    }

    private init(words: UnsafeMutablePointer<UnsafeAtomic<UInt32>.Storage>, ownsWords: Bool) {
        words.initialize(repeating: .init(0), count: 2)
        self.words = words
        self.ownsWords = ownsWords
    }

    /// Frees the words of a lock made by `init()`.
    public func destroy() {
        guard ownsWords else { return }
        words.deinitialize(count: 2)
        words.deallocate()
    }

    /// `tail`.
    @inline(__always)
    var next: UnsafeAtomic<UInt32> { UnsafeAtomic(at: words) }
    /// `head`.
    @inline(__always)
    var owner: UnsafeAtomic<UInt32> { UnsafeAtomic(at: words + 1) }

    /// Take a ticket, then spin until it is served.
    @inline(__always)
    public func lock() {
        let ticket = next.loadThenWrappingIncrement(ordering: .relaxed)
        while owner.load(ordering: .acquiring) != ticket {}
    }

    /// `spin_trylock`: take the lock if nobody holds or waits for it.
    @inline(__always)
    public func tryLock() -> Bool {
        let served = owner.load(ordering: .acquiring)
        return next.compareExchange(expected: served, desired: served &+ 1, ordering: .acquiring).exchanged
    }

    /// `spin_is_contended`: somebody waits for the lock (a ticket taken beyond the holder's).
    /// `owner` is read first: `next` read after it is never behind it, so the difference
    /// cannot wrap.
    public var isContended: Bool {
        let served = owner.load(ordering: .relaxed)
        return next.load(ordering: .relaxed) &- served > 1
    }

    /// Serve the next ticket.
    @inline(__always)
    public func unlock() { owner.store(owner.load(ordering: .relaxed) &+ 1, ordering: .releasing) }
}
