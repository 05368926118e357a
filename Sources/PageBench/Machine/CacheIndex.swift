/// The machine's slab caches, in their slots of the control block.
public enum CacheIndex {
    /// `struct slab` descriptors (self-hosted; see `SlabAllocator`).
    public static let slabDescriptors = 0
    /// Descriptor caches of the other separately allocated memdescs.
    public static let folioDescriptors = 1
    public static let ptdescDescriptors = 2
    public static let netmemDescriptors = 3
    public static let descriptorCaches = 0..<4

    /// `kmalloc_caches[]`: kmalloc-8 to kmalloc-8k.
    public static let kmallocSizes = [8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192]
    public static let firstKmalloc = 4
    public static let count = firstKmalloc + kmallocSizes.count

    /// The descriptor cache of a memdesc type.
    @inline(__always)
    static func descriptors(for type: MemdescType) -> Int {
        switch type {
        case .slab: slabDescriptors
        case .folio: folioDescriptors
        case .pageTable: ptdescDescriptors
        default: netmemDescriptors
        }
    }

    /// `kmalloc_index`: the smallest kmalloc cache for `size` bytes (1...8192).
    @inline(__always)
    public static func kmalloc(size: Int) -> Int {
        if size <= 8 { return firstKmalloc }
        if size <= 96 && size > 64 { return firstKmalloc + 4 }
        if size <= 192 && size > 128 { return firstKmalloc + 6 }
        // Powers of two: 16 -> 1, 32 -> 2, 64 -> 3, 128 -> 5, 256 -> 7, 512 -> 8, ...
        let log2 = Int.bitWidth - (size - 1).leadingZeroBitCount
        let slot = log2 <= 6 ? log2 - 3 : log2 <= 8 ? (log2 - 7) * 2 + 5 : log2 - 1
        return firstKmalloc + slot
    }
}
