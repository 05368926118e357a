/// The machine's slab caches, in their slots of the control block.
public enum CacheIndex {
    /// `struct slab` descriptors (self-hosted; see `SlabAllocator`).
    public static let slabDescriptors = 0
    /// `folio_small_slab` and `folio_large_slab` (kernelnewbies.org/MatthewWilcox/FolioAlloc):
    /// the folio descriptors of orders 0-1 and of orders 2 and up.
    public static let folioSmall = 1
    public static let folioLarge = 2
    /// Descriptor caches of the other separately allocated memdescs.
    public static let ptdescDescriptors = 3
    public static let netmemDescriptors = 4
    public static let descriptorCaches = 0..<5

    /// `kmalloc_caches[]`: kmalloc-8 to kmalloc-8k.
    public static let kmallocSizes = [8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192]
    public static let firstKmalloc = 5
    public static let count = firstKmalloc + kmallocSizes.count
    public static let kmallocCaches = firstKmalloc..<count

    /// The descriptor cache of a memdesc of `type` and `order`: every descriptor allocation
    /// picks its cache here (`folio_alloc`'s choice between `folio_small_slab` and
    /// `folio_large_slab`, FolioAlloc).
    @inline(__always)
    static func descriptors(for type: MemdescType, order: Int) -> Int {
        switch type {
        case .slab: slabDescriptors
        case .folio: order < SeparateMemdesc.Folio.largeOrder ? folioSmall : folioLarge
        case .pageTable: ptdescDescriptors
        default: netmemDescriptors
        }
    }

    /// The cache in `slot` as `kmem_cache_create` makes it. The memdesc caches are 16-byte
    /// aligned and, but for `struct slab`'s, `SLAB_TYPESAFE_BY_RCU` (Memdescs); none names a
    /// `freeptr_offset` (neither the design pages nor any posting does), so SLUB puts the
    /// free pointer after the object.
    static func create(_ slot: Int) -> KmemCache {
        let align = SeparateMemdesc.alignment
        return switch slot {
        case slabDescriptors: KmemCache(objectSize: SeparateMemdesc.Slab.size, align: align, selfHosted: true)
        case folioSmall: KmemCache(objectSize: SeparateMemdesc.Folio.smallSize, align: align, typesafeByRCU: true)
        case folioLarge: KmemCache(objectSize: SeparateMemdesc.Folio.largeSize, align: align, typesafeByRCU: true)
        case ptdescDescriptors, netmemDescriptors:
            KmemCache(objectSize: SeparateMemdesc.overlaySize, align: align, typesafeByRCU: true)
        default: KmemCache(objectSize: kmallocSizes[slot - firstKmalloc])
        }
    }

    /// The cache's name in /proc/slabinfo terms.
    static func name(_ slot: Int) -> String {
        switch slot {
        case slabDescriptors: "slab"
        case folioSmall: "folio_small"
        case folioLarge: "folio_large"
        case ptdescDescriptors: "ptdesc"
        case netmemDescriptors: "netmem_desc"
        default: "kmalloc-\(kmallocSizes[slot - firstKmalloc])"
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
