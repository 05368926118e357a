import CJemalloc

/// `kmalloc-kfree`: B objects of one size allocated, then freed in reverse; `kfree` finds
/// each object's slab through the layout (`virt_to_slab`). ns per pair.
enum KmallocKfree {
    static func rounds(batch: Int) -> Int { max(1, 4096 / batch) }

    struct Objects<L: PageLayout>: LIFOAllocator {
        let machine: MachineRef<L>
        let size: Int

        @inline(__always) func allocate() -> UnsafeMutableRawPointer? { machine.pointee.kmalloc(size) }
        @inline(__always) func free(_ p: UnsafeMutableRawPointer) { machine.pointee.kfree(p) }
        @inline(__always) func checksum(_ p: UnsafeMutableRawPointer) -> UInt64 { UInt64(UInt(bitPattern: p)) }
    }

    /// jemalloc's `malloc` / `free` of the same size.
    struct Jemalloc: LIFOAllocator {
        let size: Int

        @inline(__always) func allocate() -> UnsafeMutableRawPointer? { pb_malloc(size) }
        @inline(__always) func free(_ p: UnsafeMutableRawPointer) { pb_free(p) }
        @inline(__always) func checksum(_ p: UnsafeMutableRawPointer) -> UInt64 { UInt64(UInt(bitPattern: p)) }
    }
}
