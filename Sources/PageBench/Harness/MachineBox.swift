/// A machine at a stable address, shared by the rows measured on it in one round (a
/// layout's row, its floor, the finishing code that reads its metadata): the batches hold
/// `MachineRef`s into it, and the machine is unmapped when the last of them lets go.
/// Only set-up and the rows' finishing code touch the box; timed code sees the `MachineRef`.
final class MachineBox<L: PageLayout> {
    private let storage: UnsafeMutablePointer<Machine<L>>
    /// What the kernel gave the memmap when the machine was made (nil: not readable).
    let memmapFacts: MappingFacts?

    init(pageCount: Int, hugePageMemmap: Bool, checkPages: Bool = false, hugePageDescriptors: Bool = true) throws(MachineError) {
        let machine = try Machine<L>(pageCount: pageCount, hugePageMemmap: hugePageMemmap, checkPages: checkPages,
                                     hugePageDescriptors: hugePageDescriptors)
        memmapFacts = machine.memmapFacts
        storage = .allocate(capacity: 1)
        storage.initialize(to: machine)
    }

    deinit {
        storage.deinitialize(count: 1)
        storage.deallocate()
    }

    var ref: MachineRef<L> { UnsafePointer(storage) }
    var machine: Machine<L> { _read { yield storage.pointee } }
}
