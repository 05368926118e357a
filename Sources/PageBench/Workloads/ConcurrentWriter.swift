import Atomics
import CMemfd
import Dispatch
import Foundation

/// The writer of `concurrent-tryget`: a thread of its own on the other CPU that, while its
/// reader has the turn, drops the reference of a random live allocation (freeing it if it
/// was the last; a reader holding one frees it later) and allocates one of another random
/// type and order in its place, stamping each new folio's `index` with a fresh generation.
/// Between turns it is parked, so it never runs while another row is timed. Dropping the
/// writer stops and joins the thread.
struct Writer<L: PageLayout>: ~Copyable {
    private let context: UnsafeMutablePointer<Context>

    private struct Context: ~Copyable {
        let machine: MachineRef<L>
        var pages: LiveSet<Memdesc>
        /// The writer churns slots `0..<slots` of `pages`.
        let slots: Int
        var random: WorkloadRandom
        let lock = SpinLock()
        /// 0 parked, 1 running, 2 stopping.
        let control = UnsafeAtomic<Int>.create(0)
        let parked = UnsafeAtomic<Bool>.create(false)
        let running = UnsafeAtomic<Bool>.create(false)
        let operations = UnsafeAtomic<Int>.create(0)
        let generation = UnsafeAtomic<UInt>.create(1)
        /// The CPU the thread runs on once pinned (-1 before it starts).
        let cpu = UnsafeAtomic<Int>.create(-1)
        let wake = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)

        deinit {
            lock.destroy()
            control.destroy()
            parked.destroy()
            running.destroy()
            operations.destroy()
            generation.destroy()
            cpu.destroy()
        }
    }

    /// `readerCPU`: the CPU the reader is timed on (the set-up may run on another).
    init(_ machine: MachineRef<L>, pages: consuming LiveSet<Memdesc>, slots: Int, seed: UInt64, readerCPU: Int) {
        context = .allocate(capacity: 1)
        context.initialize(to: Context(machine: machine, pages: pages, slots: slots, random: WorkloadRandom(seed: seed)))
        let shared = UncheckedSendable(context), cpu = Int32(readerCPU)
        let thread = Thread {
            // The other CPU than the reader's, when there is one.
            if ProcessInfo.processInfo.activeProcessorCount > 1 && cpu >= 0 {
                _ = pb_pin_to_cpu((cpu + 1) % Int32(ProcessInfo.processInfo.activeProcessorCount))
            }
            shared.value.pointee.cpu.store(Int(pb_current_cpu()), ordering: .relaxed)
            Self.loop(shared.value)
        }
        thread.start()
        while !context.pointee.parked.load(ordering: .acquiring) {}
    }

    deinit {
        context.pointee.control.store(2, ordering: .releasing)
        context.pointee.wake.signal()
        context.pointee.done.wait()
        context.deinitialize(count: 1)
        context.deallocate()
    }

    /// The slots the writer churns (a lockless reader may read them racily).
    var slots: UnsafePointer<Memdesc> { UnsafePointer(context.pointee.pages.base) }

    /// The allocator lock the writer holds around each change (the zone lock, in miniature).
    var lock: SpinLock { context.pointee.lock }
    var operations: Int { context.pointee.operations.load(ordering: .relaxed) }
    /// The CPU the writer's thread took (read after `init`, which waits until it is parked).
    var cpu: Int { context.pointee.cpu.load(ordering: .relaxed) }

    /// Let the writer run, and wait until it does (the reader's turn begins: its timed
    /// batches must not start against a writer that is still waking up).
    func resume() {
        context.pointee.parked.store(false, ordering: .relaxed)
        context.pointee.control.store(1, ordering: .releasing)
        context.pointee.wake.signal()
        while !context.pointee.running.load(ordering: .acquiring) {}
    }

    /// Park the writer and wait until it is parked (the reader's turn ends).
    func pause() {
        context.pointee.control.store(0, ordering: .releasing)
        while !context.pointee.parked.load(ordering: .acquiring) {}
    }

    private static func loop(_ c: UnsafeMutablePointer<Context>) {
        while true {
            switch c.pointee.control.load(ordering: .acquiring) {
            case 2:
                c.pointee.done.signal()
                return
            case 0:
                c.pointee.running.store(false, ordering: .relaxed)
                c.pointee.parked.store(true, ordering: .releasing)
                c.pointee.wake.wait()
            default:
                c.pointee.running.store(true, ordering: .releasing)
                step(c)
            }
        }
    }

    private static func step(_ c: UnsafeMutablePointer<Context>) {
        let machine = c.pointee.machine
        c.pointee.lock.lock()
        let slot = c.pointee.random.below(c.pointee.slots)
        let old = c.pointee.pages[slot]
        if old != .none && machine.pointee.folioPutTestZero(old) { machine.pointee.freeLastReference(old) }
        let roll = c.pointee.random.below(100)
        let new: Memdesc
        if roll < 70 {
            let stamp = c.pointee.generation.loadThenWrappingIncrement(ordering: .relaxed)
            new = machine.pointee.folioAlloc(order: pageCacheOrder(&c.pointee.random), index: stamp) ?? .none
        } else {
            let type: MemdescType = roll < 85 ? .pageTable : .netmem
            new = machine.pointee.allocate(order: roll < 85 ? 0 : c.pointee.random.below(3), type: type) ?? .none
        }
        c.pointee.pages[slot] = new
        c.pointee.lock.unlock()
        c.pointee.operations.wrappingIncrement(ordering: .relaxed)
    }
}

/// A value handed to another thread that the harness knows is safe there: used by one
/// thread at a time, or by several on parts of it that do not overlap.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
