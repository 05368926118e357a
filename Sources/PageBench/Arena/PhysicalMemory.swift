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

#if canImport(Glibc)
import Glibc
#endif

extension PhysicalMemory {
    /// Data pages the kernel backs: what the machine's operations have touched of the
    /// simulated memory itself (slab objects, descriptors, links kept in free pages). From
    /// `PAGEMAP_SCAN` (`MappingFacts.scan`), which skips unpopulated page tables whole, or
    /// where the kernel lacks it from `mincore`, a chunk of 2^18 pages at a time (a 4 TiB
    /// machine would need a 1 GiB vector at once). -1 when neither answers. Not for timed code.
    public func residentPages() -> Int {
        if let facts = MappingFacts.scan(base, byteCount: pageCount << PageGeometry.pageShift) {
            return facts.residentBytes >> PageGeometry.pageShift
        }
        return residentPagesByMincore()
    }

    func residentPagesByMincore() -> Int {
        let chunk = 1 << 18
        var vector = [UInt8](repeating: 0, count: min(chunk, pageCount))
        var resident = 0
        for first in stride(from: 0, to: pageCount, by: chunk) {
            let pages = min(chunk, pageCount - first)
            let ok = vector.withUnsafeMutableBufferPointer {
                mincore(address(ofPFN: first), pages << PageGeometry.pageShift, $0.baseAddress) == 0
            }
            guard ok else { return -1 }
            resident += vector[..<pages].reduce(0) { $0 + Int($1 & 1) }
        }
        return resident
    }
}
