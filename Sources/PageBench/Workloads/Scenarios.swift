/// The seeds' scenarios that are plain batches: specialist allocators against
/// `folio_alloc` (seeds 000 and 003) and folios handed out from a slab (seed 004).
enum Scenarios {
    /// The allocation entry point under test, as a LIFO allocator.
    struct Typed<L: PageLayout>: LIFOAllocator {
        enum Entry { case slab, pageTable, folio }
        let machine: MachineRef<L>
        let entry: Entry
        let order: Int

        @inline(__always)
        func allocate() -> Memdesc? {
            switch entry {
            case .slab: machine.pointee.slabPageAlloc(order: order)
            case .pageTable: machine.pointee.ptAlloc()
            case .folio: machine.pointee.folioAlloc(order: order)
            }
        }
        @inline(__always) func free(_ md: Memdesc) { machine.pointee.free(md) }
        @inline(__always) func checksum(_ md: Memdesc) -> UInt64 { UInt64(md.raw) }
    }

    /// `folioAllocFromSlab` and `folio_put`.
    struct NestedFolios<L: PageLayout>: LIFOAllocator {
        let machine: MachineRef<L>

        @inline(__always) func allocate() -> Memdesc? { machine.pointee.folioAllocFromSlab() }
        @inline(__always) func free(_ md: Memdesc) { machine.pointee.folioPut(md) }
        @inline(__always) func checksum(_ md: Memdesc) -> UInt64 { UInt64(md.raw) }
    }
}
