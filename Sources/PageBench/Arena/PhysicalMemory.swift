/// Simulated physical memory: `pageCount` page frames of 4 KiB at `base`.
///
/// PFN `0..<pageCount`; `virt_to_pfn(addr) = (addr - base) >> PAGE_SHIFT`. Data pages are
/// untouched until an operation really writes them (slab objects, free-list links kept in
/// free memory), so their residency measures what each design touches.
public struct PhysicalMemory {
    public let base: UnsafeMutableRawPointer
    public let pageCount: Int

    @inline(__always)
    public func address(ofPFN pfn: Int) -> UnsafeMutableRawPointer {
        base + (pfn << PageGeometry.pageShift)
    }

    /// `virt_to_pfn`.
    @inline(__always)
    public func pfn(of address: UnsafeRawPointer) -> Int {
        (address - UnsafeRawPointer(base)) >> PageGeometry.pageShift
    }

    @inline(__always)
    public func contains(_ address: UnsafeRawPointer) -> Bool {
        let offset = address - UnsafeRawPointer(base)
        return offset >= 0 && offset < pageCount << PageGeometry.pageShift
    }
}
