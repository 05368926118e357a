import Atomics
import CJemalloc
import CMemfd
import Foundation
import Glibc

/// `body(0..<count)` on every CPU at once, the calling thread's too, and the results in
/// index order. For the untimed work of a round that is independent machine by machine:
/// setting up a round's machines and unmapping them, a large share of a round's time, while
/// the second CPU sat idle. `body` runs on several threads at once: an index may change only
/// what it owns. Nothing timed runs here: the helper threads have exited when it returns.
func concurrentMap<T>(_ count: Int, _ body: @escaping (Int) -> T) -> [T] {
    let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
    results.initialize(repeating: nil)
    let next = UnsafeAtomic<Int>.create(0)
    defer {
        next.destroy()
        _ = results.deinitialize()
        results.deallocate()
    }
    // Each index is taken by one thread, and read after every helper is joined.
    let work = Helper(arena: pb_thread_arena()) {
        while case let i = next.loadThenWrappingIncrement(ordering: .relaxed), i < count { results[i] = body(i) }
    }
    let threads = (0..<max(0, min(count, ProcessInfo.processInfo.activeProcessorCount) - 1)).map { _ in
        var thread = pthread_t()
        let started = pthread_create(&thread, nil, { context in
            let helper = Unmanaged<Helper>.fromOpaque(context!).takeRetainedValue()
            // A new thread inherits its maker's CPU mask, the measuring thread's pin, and
            // would get a jemalloc arena of its own.
            _ = pb_pin_to_cpu(-1)
            pb_set_thread_arena(helper.arena)
            helper.work()
            return nil
        }, Unmanaged.passRetained(work).toOpaque())
        precondition(started == 0, "pthread_create: \(started)")
        return thread
    }
    work.work()
    for thread in threads { pthread_join(thread, nil) }
    return results.map { $0! }
}

/// What a helper thread of `concurrentMap` runs, and in which jemalloc arena.
private final class Helper {
    let arena: UInt32
    let work: () -> Void
    init(arena: UInt32, work: @escaping () -> Void) { (self.arena, self.work) = (arena, work) }
}

/// Empties `values` on every CPU at once: each thread releases some of them, and with the
/// last reference to a machine, unmaps it.
func releaseConcurrently<T>(_ values: inout [T]) {
    var slots: [T?] = values.map { $0 }
    values = []
    slots.withUnsafeMutableBufferPointer { slots in
        let shared = UncheckedSendable(slots)
        _ = concurrentMap(slots.count) { i in shared.value[i] = nil }
    }
}
