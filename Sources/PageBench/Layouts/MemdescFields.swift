/// Fields of `struct folio` that every layout keeps at the kernel's offsets.
///
/// Each is at the same offset whether the folio is overlaid on `struct page` (`legacy64`,
/// offsets from include/linux/mm_types.h, v6.15, x86-64) or allocated separately (the
/// separate folio keeps the kernel's offsets for these, so `folio->_refcount` is at 52 in
/// every layout and the large-folio counts are at 80-91 in both). The fields whose place
/// differs (`memcg_data`, `_pincount`, the order, `_deferred_list`) are the layout's
/// (`FolioLayout`).
public enum FolioField {
    @inline(__always) public static var flags: Field<UInt64> { .init("flags", 0) }
    @inline(__always) public static var lru: Field<ListHead> { .init("lru", 8) }
    @inline(__always) public static var mapping: Field<UInt> { .init("mapping", 24) }
    @inline(__always) public static var index: Field<UInt> { .init("index", 32) }
    @inline(__always) public static var `private`: Field<UInt> { .init("private", 40) }
    @inline(__always) public static var mapcount: Field<Int32> { .init("_mapcount", 48) }
    /// The same word as `_mapcount`, for a folio with a type (`PGTY_hugetlb`).
    @inline(__always) public static var pageType: Field<UInt32> { .init("page_type", 48) }
    @inline(__always) public static var refcount: Field<Int32> { .init("_refcount", 52) }
    @inline(__always) public static var largeMapcount: Field<Int32> { .init("_large_mapcount", 80) }
    @inline(__always) public static var nrPagesMapped: Field<Int32> { .init("_nr_pages_mapped", 84) }
    @inline(__always) public static var entireMapcount: Field<Int32> { .init("_entire_mapcount", 88) }

    /// The head page's fields up to `_refcount`.
    static var common: [FieldDescription] {
        [flags.described, lru.described, mapping.described, index.described, `private`.described,
         mapcount.described, refcount.described]
    }
    static var large: [FieldDescription] {
        [largeMapcount.described, nrPagesMapped.described, entireMapcount.described]
    }
}

/// `struct slab` (mm/slab.h).
public enum SlabField {
    @inline(__always) public static var flags: Field<UInt64> { .init("__page_flags", 0) }
    /// Bit 0 stays clear: it overlays `compound_head` in legacy64.
    @inline(__always) public static var slabCache: Field<UInt> { .init("slab_cache", 8) }
    @inline(__always) public static var slabList: Field<ListHead> { .init("slab_list", 16) }
    @inline(__always) public static var freelist: Field<UInt> { .init("freelist", 32) }
    /// `inuse:16, objects:15, frozen:1`.
    @inline(__always) public static var counters: Field<UInt64> { .init("counters", 40) }

    static var common: [FieldDescription] {
        [flags.described, slabCache.described, slabList.described, freelist.described,
         counters.described]
    }
}

/// `struct ptdesc` (include/linux/mm_types.h).
public enum PTDescField {
    @inline(__always) public static var flags: Field<UInt64> { .init("__page_flags", 0) }
    @inline(__always) public static var ptList: Field<ListHead> { .init("pt_list", 8) }
    @inline(__always) public static var ptIndex: Field<UInt> { .init("pt_index", 32) }
    @inline(__always) public static var ptl: Field<UInt> { .init("ptl", 40) }
    @inline(__always) public static var refcount: Field<Int32> { .init("__page_refcount", 52) }
    @inline(__always) public static var memcgData: Field<UInt> { .init("pt_memcg_data", 56) }
}

/// The page_pool fields of `struct page` / `struct netmem_desc` (include/net/netmem.h).
public enum NetmemField {
    @inline(__always) public static var flags: Field<UInt64> { .init("_flags", 0) }
    @inline(__always) public static var ppMagic: Field<UInt> { .init("pp_magic", 8) }
    @inline(__always) public static var pp: Field<UInt> { .init("pp", 16) }
    @inline(__always) public static var dmaAddr: Field<UInt> { .init("dma_addr", 32) }
    @inline(__always) public static var ppRefCount: Field<Int> { .init("pp_ref_count", 40) }
    @inline(__always) public static var refcount: Field<Int32> { .init("_refcount", 52) }

    /// `PP_SIGNATURE`: 0x40 + `POISON_POINTER_DELTA` (x86-64).
    public static let signature: UInt = 0x40 + poisonPointerDelta
}

/// `POISON_POINTER_DELTA` on x86-64 (CONFIG_ILLEGAL_POINTER_VALUE).
public let poisonPointerDelta: UInt = 0xdead_0000_0000_0000

