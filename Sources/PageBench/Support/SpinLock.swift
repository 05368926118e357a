import Atomics

/// A test-and-test-and-set spinlock, for the one scenario where two threads share a
/// machine: the writer holds it around each allocation and free, a reader only when its
/// `folio_put` turns out to be the last (the zone lock of the kernel, in miniature).
public struct SpinLock: @unchecked Sendable {
    let word: UnsafeAtomic<Bool>

    public init() { word = .create(false) }
    public func destroy() { word.destroy() }

    @inline(__always)
    public func lock() {
        while true {
            if !word.exchange(true, ordering: .acquiring) { return }
            while word.load(ordering: .relaxed) {}
        }
    }

    @inline(__always)
    public func unlock() { word.store(false, ordering: .releasing) }
}
