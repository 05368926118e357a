/// A machine at a stable address, shared by the rows measured on it in one round (a
/// layout's row, its floor, the finishing code that reads its metadata): the batches hold
/// `MachineRef`s into it, and the machine is unmapped when the last of them lets go.
/// Only set-up and the rows' finishing code touch the box; timed code sees the `MachineRef`
/// and borrows the machine where it lies, never copying it (`InPlace`, `scripts/check-copies`).
///
/// The machine sits `pageOffset` bytes into a page of its own, within the first
/// `ControlBlock.machineWindow` bytes, where the control block carves none of the allocators'
/// state (what else the operations store there is in the README, "Randomised"). Every
/// operation loads the struct's fields, and where they shared their place in a page with
/// what the operations store (4K aliasing is the likely mechanism; no counters here to show
/// it), every operation waited: with the machine 2560 bytes into its page, the 512-byte
/// `kmalloc-kfree` rows ran 1.1 to 1.6x slower, as far into its page as the 512-byte
/// `kmem_cache` is into the control block's (`results/machine-offset/`). Within the window
/// the place still moves from round to round (`Setup.machineOffset`), for what the harness
/// does not lay out (the heap, the stack).
final class MachineBox<L: PageLayout> {
    private let page: UnsafeMutableRawPointer
    private let storage: UnsafeMutablePointer<Machine<L>>
    /// What the kernel gave the memmap when the machine was made (nil: not readable).
    let memmapFacts: MappingFacts?

    init(pageCount: Int, hugePageMemmap: Bool, checkPages: Bool = false, hugePageDescriptors: Bool = true,
         hugePageArena: Bool = false, pageOffset: Int = 0) throws(MachineError) {
        precondition(pageOffset >= 0 && pageOffset + MemoryLayout<Machine<L>>.size <= ControlBlock.machineWindow
                     && pageOffset % MemoryLayout<Machine<L>>.alignment == 0,
                     "a machine's place is an aligned offset into the window of its page")
        let machine = try Machine<L>(pageCount: pageCount, hugePageMemmap: hugePageMemmap, checkPages: checkPages,
                                     hugePageDescriptors: hugePageDescriptors, hugePageArena: hugePageArena)
        memmapFacts = machine.memmapFacts
        page = .allocate(byteCount: PageGeometry.pageSize + MemoryLayout<Machine<L>>.stride, alignment: PageGeometry.pageSize)
        storage = (page + pageOffset).bindMemory(to: Machine<L>.self, capacity: 1)
        storage.initialize(to: machine)
    }

    deinit {
        storage.deinitialize(count: 1)
        page.deallocate()
    }

    var ref: MachineRef<L> { UnsafePointer(storage) }
    var machine: Machine<L> { _read { yield storage.pointee } }
}
