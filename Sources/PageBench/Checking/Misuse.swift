/// Misuse caught by the checked entry points instead of corrupting state.
public enum Misuse: Error, Equatable, CustomStringConvertible {
    case pfnOutOfRange(pfn: Int, pageCount: Int)
    case orderTooLarge(Int)
    case doubleFree(pfn: Int)
    case tailPage(pfn: Int, head: Int)
    case orderMismatch(pfn: Int, freed: Int, allocated: Int)
    case notAPageAllocation(pfn: Int, type: MemdescType)
    case notASlabObject(address: UInt)
    /// `free_pages_prepare`'s checks found the allocation in a state no freed page may be in.
    case badPage(BadPage)

    public var description: String {
        switch self {
        case let .pfnOutOfRange(pfn, n): "pfn \(pfn) is outside the machine (0..<\(n))"
        case let .orderTooLarge(order): "order \(order) is above MAX_PAGE_ORDER (\(PageGeometry.maxOrder))"
        case let .doubleFree(pfn): "double free: pfn \(pfn) is already free"
        case let .tailPage(pfn, head): "pfn \(pfn) is a tail page; its allocation starts at pfn \(head)"
        case let .orderMismatch(pfn, freed, allocated): "pfn \(pfn) freed as order \(freed) but allocated as order \(allocated)"
        case let .notAPageAllocation(pfn, type): "pfn \(pfn) is a \(type) page, not a page allocation"
        case let .notASlabObject(address): "address 0x\(String(address, radix: 16)) is not in a slab"
        case let .badPage(bad): bad.description
        }
    }
}

/// The checked mode: each call validates its arguments against the machine's state and
/// throws a `Misuse` before anything is changed. Not for timed code.
extension Machine {
    func validPFN(_ pfn: Int) throws(Misuse) {
        guard pfn >= 0 && pfn < pageCount else { throw .pfnOutOfRange(pfn: pfn, pageCount: pageCount) }
    }

    /// The allocation whose head is `pfn`, as `__free_pages(page, order)` would be told.
    func validAllocation(pfn: Int, order: Int) throws(Misuse) -> Memdesc {
        try validPFN(pfn)
        guard order >= 0 && order <= PageGeometry.maxOrder else { throw .orderTooLarge(order) }
        let memdesc = layout.memdesc(ofPFN: pfn)
        switch memdesc.type {
        case .none, .buddy: throw .doubleFree(pfn: pfn)
        case .slab: throw .notAPageAllocation(pfn: pfn, type: .slab)
        default: break
        }
        let head = layout.headPFN(of: memdesc)
        guard head == pfn else { throw .tailPage(pfn: pfn, head: head) }
        let allocated = layout.order(ofPFN: pfn)
        guard allocated == order else { throw .orderMismatch(pfn: pfn, freed: order, allocated: allocated) }
        return memdesc
    }

    /// `alloc_pages` with the order checked.
    public func checkedAllocate(order: Int, type: MemdescType) throws(Misuse) -> Memdesc? {
        guard order >= 0 && order <= PageGeometry.maxOrder else { throw .orderTooLarge(order) }
        return allocate(order: order, type: type)
    }

    /// `__free_pages(pfn, order)`, checked: the pfn must head a live page allocation of
    /// that order. Frees regardless of the reference count, like `__free_pages` on the last
    /// reference, with the page checks on (`withPageChecks`).
    public func checkedFree(pfn: Int, order: Int) throws(Misuse) {
        let memdesc = try validAllocation(pfn: pfn, order: order)
        try withPageChecks { memdesc.type == .folio ? freeFolio(memdesc) : free(memdesc) }
    }

    /// `folio_put`, checked, with the page checks on.
    public func checkedFolioPut(pfn: Int) throws(Misuse) {
        try validPFN(pfn)
        let memdesc = try validAllocation(pfn: pfn, order: layout.order(ofPFN: pfn))
        guard memdesc.type == .folio else { throw .notAPageAllocation(pfn: pfn, type: memdesc.type) }
        try withPageChecks { folioPut(memdesc) }
    }

    /// Free with `check_pages_enabled` on, as a CONFIG_DEBUG_VM kernel frees, and throw the
    /// bad page it found. Unlike the other misuse, this one is found where the kernel finds
    /// it, in `free_pages_prepare` after the owner's teardown (a HugeTLB folio's memmap is
    /// restored by then), so the kernel's reaction has happened: the pages are out of
    /// circulation, the descriptor kept.
    func withPageChecks(_ free: () -> Void) throws(Misuse) {
        let globals = layout.globals
        let (enabled, found) = (globals.pointee.checkPagesEnabled, globals.pointee.badPages)
        globals.pointee.checkPagesEnabled = true
        free()
        globals.pointee.checkPagesEnabled = enabled
        if globals.pointee.badPages != found, let bad = globals.pointee.lastBadPage { throw .badPage(bad) }
    }

    /// `kfree`, checked: the address must be inside a slab of this machine.
    public func checkedKfree(_ object: UnsafeMutableRawPointer) throws(Misuse) {
        guard memory.contains(object), virtToSlab(object) != nil else {
            throw .notASlabObject(address: UInt(bitPattern: object))
        }
        kfree(object)
    }
}
