import Foundation
import Testing
@testable import PageBench

/// The zone lock is fair, as `spinlock_t` is: a holder that releases it and takes it again
/// straight away comes after the CPU that was already waiting (`SpinLock`). An unfair lock
/// let `concurrent-tryget`'s writer starve its reader for whole rounds.
struct SpinLockTests {
    /// With `7208399`'s test-and-set lock (given a count of waiters for `isContended`) the
    /// holder took the lock again first in 20 of 20 tries.
    @Test func aWaiterIsServedBeforeTheHolderTakesTheLockAgain() {
        let lock = SpinLock()
        let served = UnsafeMutablePointer<Bool>.allocate(capacity: 1)
        defer {
            served.deallocate()
            lock.destroy()
        }
        for _ in 0..<20 {
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
            #expect(lock.isContended, "the other thread never queued for the lock")

            lock.unlock()
            lock.lock()
            #expect(served.pointee, "the holder took the lock again ahead of the thread waiting for it")
            lock.unlock()
            finished.wait()
        }
    }

    /// Two threads adding under the lock lose no update.
    @Test func twoThreadsExcludeEachOther() {
        let lock = SpinLock()
        let count = UnsafeMutablePointer<Int>.allocate(capacity: 1)
        defer {
            count.deallocate()
            lock.destroy()
        }
        count.initialize(to: 0)
        let shared = UncheckedSendable((lock, count)), finished = DispatchSemaphore(value: 0)
        let adds = 200_000
        Thread {
            for _ in 0..<adds {
                shared.value.0.lock()
                shared.value.1.pointee += 1
                shared.value.0.unlock()
            }
            finished.signal()
        }.start()
        for _ in 0..<adds {
            lock.lock()
            count.pointee += 1
            lock.unlock()
        }
        finished.wait()
        #expect(count.pointee == 2 * adds)
    }

    @Test func tryLockFailsWhileHeldOrAwaitedAndSucceedsWhenFree() {
        let lock = SpinLock()
        defer { lock.destroy() }
        #expect(lock.tryLock())
        #expect(!lock.tryLock())
        #expect(!lock.isContended)
        lock.unlock()
        #expect(lock.tryLock())
        // A ticket taken by a waiter (as `lock()` takes it) keeps the lock from a trylock.
        _ = lock.next.loadThenWrappingIncrement(ordering: .relaxed)
        #expect(lock.isContended)
        lock.unlock()
        #expect(!lock.tryLock(), "a trylock jumped the queue")
        lock.unlock()
        #expect(lock.tryLock())
        lock.unlock()
    }
}
