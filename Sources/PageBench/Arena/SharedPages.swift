#if canImport(Glibc)
import Glibc
#endif
import CMemfd

/// Pages of a shared mapping mapped onto one of its pages and given back, as HVO does to
/// the vmemmap (mm/hugetlb_vmemmap.c: `vmemmap_remap_free`, `vmemmap_remap_alloc`).
/// Each shared page becomes a one-page mapping (a VMA) of its own, so the number that can be
/// shared is bounded by `vm.max_map_count`; the caller keeps a budget.
extension Mapping {
    /// Map `pages` (page indices in the mapping) read-only onto page `target` and free their
    /// memory. False, with nothing changed, if the kernel refuses a mapping.
    func share(_ pages: Range<Int>, onto target: Int) -> Bool {
        precondition(file >= 0 && pages.upperBound * PageGeometry.pageSize <= byteCount && !pages.contains(target))
        for page in pages {
            let p = mmap(base + page * PageGeometry.pageSize, PageGeometry.pageSize, PROT_READ, MAP_SHARED | MAP_FIXED,
                         file, off_t(target * PageGeometry.pageSize))
            if p == MAP_FAILED {
                // Only a map-count or memory failure, which the kernel reports before it
                // touches the old mapping; put back the pages already shared.
                unshare(pages.lowerBound..<page)
                return false
            }
        }
        let punched = pb_memfd_punch_hole(file, UInt64(pages.lowerBound * PageGeometry.pageSize),
                                          UInt64(pages.count * PageGeometry.pageSize))
        precondition(punched == 0, "punching the memmap's pages failed")
        return true
    }

    /// Give `pages` their own memory again: writable, reading zero (their file pages were
    /// freed); the caller fills them.
    func unshare(_ pages: Range<Int>) {
        guard !pages.isEmpty else { return }
        // One mapping of the pages' own offsets, which merges back into its neighbours'
        // VMA: only a kernel out of memory fails here, and the memmap would be unusable.
        let offset = pages.lowerBound * PageGeometry.pageSize, length = pages.count * PageGeometry.pageSize
        let p = mmap(base + offset, length, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, file, off_t(offset))
        if p == MAP_FAILED { fatalError("restoring memmap pages \(pages) failed: errno \(errno)") }
        // Locked again like their neighbours, so the mapping merges back into one VMA.
        _ = pb_mlock_on_fault(p, UInt64(length))
    }

    /// Bytes of memory the shared file holds (touched and not freed), or nil when anonymous.
    var backedBytes: Int? {
        file >= 0 ? Int(pb_memfd_backed_bytes(file)) : nil
    }
}
