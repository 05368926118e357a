import CJemalloc

/// `alloc-free`: B folios of order o allocated, then freed in reverse. ns per pair.
enum AllocFree {
    static func rounds(batch: Int) -> Int { max(1, 1024 / batch) }

    /// `folio_alloc` / `folio_put` on a layout.
    struct Folios<L: PageLayout>: LIFOAllocator {
        let machine: MachineRef<L>
        let order: Int

        @inline(__always) func allocate() -> Memdesc? { machine.pointee.folioAlloc(order: order) }
        @inline(__always) func free(_ folio: Memdesc) { machine.pointee.folioPut(folio) }
        @inline(__always) func checksum(_ folio: Memdesc) -> UInt64 { UInt64(folio.raw) }
    }

    /// The same sizes through jemalloc: page-aligned `mallocx`, sized `sdallocx`.
    struct Jemalloc: LIFOAllocator {
        let size: Int

        init(order: Int) { size = PageGeometry.pageSize << order }

        @inline(__always) func allocate() -> UnsafeMutableRawPointer? { pb_mallocx_aligned(size, PageGeometry.pageSize) }
        @inline(__always) func free(_ p: UnsafeMutableRawPointer) { pb_sdallocx_aligned(p, size, PageGeometry.pageSize) }
        @inline(__always) func checksum(_ p: UnsafeMutableRawPointer) -> UInt64 { UInt64(UInt(bitPattern: p)) }
    }
}
