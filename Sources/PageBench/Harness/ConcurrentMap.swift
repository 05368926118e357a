import Atomics
import CMemfd
import Dispatch
import Foundation

/// `body(0..<count)` on every CPU at once, the calling thread's too, and the results in
/// index order. For the untimed work of a round that is independent machine by machine:
/// setting up a round's machines and unmapping them, most of a default run's time, while
/// the second CPU sat idle. Nothing timed runs here: timing starts after it returns, with
/// every helper thread done.
func concurrentMap<T>(_ count: Int, _ body: @escaping (Int) -> T) -> [T] {
    let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
    results.initialize(repeating: nil)
    let next = UnsafeAtomic<Int>.create(0)
    defer {
        next.destroy()
        _ = results.deinitialize()
        results.deallocate()
    }
    // Each index is taken by one thread, and read after all of them are done. (The helper
    // threads' closures outlive the call briefly, so `body` escapes.)
    let work = UncheckedSendable {
        while case let i = next.loadThenWrappingIncrement(ordering: .relaxed), i < count { results[i] = body(i) }
    }
    let helpers = max(0, min(count, ProcessInfo.processInfo.activeProcessorCount) - 1)
    let done = DispatchSemaphore(value: 0)
    for _ in 0..<helpers {
        Thread {
            // A new thread inherits its maker's CPU mask: the measuring thread's pin.
            _ = pb_pin_to_cpu(-1)
            work.value()
            done.signal()
        }.start()
    }
    work.value()
    for _ in 0..<helpers { done.wait() }
    return results.map { $0! }
}

/// Drops `values` on every CPU at once: each thread releases some of them, and with the
/// last reference to a machine, unmaps it.
func releaseConcurrently<T>(_ values: consuming [T]) {
    var slots: [T?] = values.map { $0 }
    _ = consume values
    slots.withUnsafeMutableBufferPointer { slots in
        let shared = UncheckedSendable(slots)
        _ = concurrentMap(slots.count) { i in shared.value[i] = nil }
    }
}
