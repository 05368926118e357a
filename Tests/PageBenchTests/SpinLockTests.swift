import Foundation
import Testing
@testable import PageBench

/// The zone lock is fair, as `spinlock_t` is: a holder that releases it and takes it again
/// straight away comes after the CPU that was already waiting (`SpinLock`). An unfair lock
/// let `concurrent-tryget`'s writer starve its reader for whole rounds.
struct SpinLockTests {
    @Test func aWaiterIsServedBeforeTheHolderTakesTheLockAgain() throws {
        for _ in 0..<20 {
            let lock = SpinLock()
            defer { lock.destroy() }
            let served = UnsafeMutablePointer<Bool>.allocate(capacity: 1)
            defer { served.deallocate() }
            served.initialize(to: false)
            let shared = UncheckedSendable((lock, served)), finished = DispatchSemaphore(value: 0)

            lock.lock()
            Thread {
                shared.value.0.lock()
                shared.value.1.pointee = true
                shared.value.0.unlock()
                finished.signal()
            }.start()
            let deadline = Date().addingTimeInterval(5)
            while !lock.isContended && Date() < deadline {}
            try #require(lock.isContended, "the other thread never queued for the lock")

            lock.unlock()
            lock.lock()
            #expect(served.pointee, "the holder took the lock again ahead of the thread waiting for it")
            lock.unlock()
            finished.wait()
        }
    }

    @Test func tryLockFailsWhileHeldAndSucceedsWhenFree() {
        let lock = SpinLock()
        defer { lock.destroy() }
        #expect(lock.tryLock())
        #expect(!lock.tryLock())
        #expect(!lock.isContended)
        lock.unlock()
        #expect(lock.tryLock())
        lock.unlock()
    }
}
