/// The separately allocated memory descriptors of the small layouts (`twoword16`,
/// `chead16`, and the 32- and 8-byte layouts to come).
///
/// Each is allocated from its own slab cache inside the simulated memory (`CacheIndex`),
/// 16-byte aligned so a pointer to it has 4 free low bits for the type
/// (kernelnewbies.org/MatthewWilcox/Memdescs). They keep the kernel's offsets for the fields
/// the overlays have (see `MemdescFields.swift`) and add what the memmap can no longer tell:
/// the pfn of the first page and the order, as in the `folio_alloc` sketch of
/// kernelnewbies.org/MatthewWilcox/FolioAlloc.
public enum SeparateMemdesc {
    /// `kmem_cache_create(..., align)` of every memdesc cache: the type tag's 4 bits.
    public static var alignment: Int { 16 }

    /// Where the descriptor records the pfn of its first page (`folio->pfn`, `slab_pfn`).
    @inline(__always)
    static func pfnField(_ type: MemdescType) -> Field<UInt> {
        switch type {
        case .folio: Folio.pfn
        case .slab: Slab.pfn
        default: Field("pfn", 24)  // ptdesc's __page_mapping, netmem's _pp_mapping_pad
        }
    }

    /// Record the placement of a new descriptor: its pfn and its order (the folio in its
    /// `order` byte, the others in the low byte of their flags word).
    @inline(__always)
    static func place(_ descriptor: UnsafeMutableRawPointer, type: MemdescType, pfn: Int, order: Int) {
        pfnField(type).store(UInt(pfn), descriptor)
        if type == .folio {
            FolioField.flags.store(0, descriptor)
            Folio.order.store(UInt8(order), descriptor)
        } else {
            FolioField.flags.store(UInt64(order), descriptor)
        }
    }

    @inline(__always)
    static func pfn(of memdesc: Memdesc) -> Int {
        Int(pfnField(memdesc.type).load(memdesc.pointer))
    }

    @inline(__always)
    static func order(of memdesc: Memdesc) -> Int {
        memdesc.type == .folio ? Int(Folio.order.load(memdesc.pointer))
                               : Int(FolioField.flags.load(memdesc.pointer) & 0xff)
    }

    /// `struct folio` as Matthew Wilcox's Path page lays it out for the separately allocated
    /// folio (kernelnewbies.org/MatthewWilcox/Memdescs/Path): flags, lru, mapping, index,
    /// private, the two counts, pincount, order, pfn, memcg, 80 bytes, from
    /// `folio_small_slab`; "large folios will store more information here", from
    /// `folio_large_slab` (kernelnewbies.org/MatthewWilcox/FolioAlloc). The large descriptor
    /// is the small one followed by the large-folio fields of include/linux/mm_types.h
    /// (v6.15): `_large_mapcount`, `_nr_pages_mapped` and `_entire_mapcount` at the offsets
    /// legacy64's first tail page has them, and `_deferred_list`. Every field the two share
    /// is at the same offset, so a lookup reads the order and the pfn of either alike.
    ///
    /// Two departures from the Path page: `_mapcount` and `_refcount` are in the kernel's
    /// order (48 and 52, as in every layout here) rather than the page's (`_refcount` first);
    /// and a folio handed out from a slab (seed 004) stashes its page's old descriptor words
    /// over `lru`, which such a folio does not use here (it is freed to its slab, never put on
    /// an LRU list).
    public enum Folio {
        @inline(__always) public static var pincount: Field<Int32> { .init("_pincount", 56) }
        /// `unsigned char order; /* 3 bytes available here */`.
        @inline(__always) public static var order: Field<UInt8> { .init("order", 60) }
        @inline(__always) public static var pfn: Field<UInt> { .init("pfn", 64) }
        @inline(__always) public static var memcg: Field<UInt> { .init("memcg", 72) }
        @inline(__always) public static var deferredList: Field<ListHead> { .init("_deferred_list", 96) }
        @inline(__always) public static var stash: Field<ListHead> { .init("_slab_stash", 8) }

        /// Orders 0 and 1 take the small descriptor: an order-1 folio counts its mappings in
        /// `_mapcount` (it is never PMD-mapped, so it needs no `_entire_mapcount`) and has no
        /// `_deferred_list`, as in the kernel; from order 2 the folio needs `_deferred_list`.
        public static var largeOrder: Int { FolioLayout.deferredListOrder }
        /// Bytes of each descriptor: up to its last field.
        public static var smallSize: Int { memcg.offset + memcg.size }
        public static var largeSize: Int { deferredList.offset + deferredList.size }

        /// Where the generic folio preparation finds what differs from legacy64.
        @inline(__always)
        public static var layout: FolioLayout {
            FolioLayout(memcg: memcg, pincount: pincount, pincountOrder: 0, largeOrder: largeOrder,
                        deferredList: deferredList)
        }

        static var small: [FieldDescription] {
            var fields = FolioField.common
            fields.insert(stash.described, at: 2)  // a union with lru
            return fields + [pincount.described, order.described, pfn.described, memcg.described]
        }
        static var large: [FieldDescription] { small + FolioField.large + [deferredList.described] }
    }

    /// `struct slab`, 64 bytes: the pfn replaces `__page_type` and `__page_refcount`.
    public enum Slab {
        @inline(__always) public static var pfn: Field<UInt> { .init("pfn", 48) }
        @inline(__always) static var objExts: Field<UInt> { .init("obj_exts", 56) }
        public static var size: Int { objExts.offset + objExts.size }
    }

    /// `struct ptdesc` and `struct netmem_desc`: the 64 bytes of the `struct page` they overlay today.
    public static var overlaySize: Int { PTDescField.memcgData.offset + PTDescField.memcgData.size }

    /// The structs, with the cache each comes from and the slot it takes there.
    public static var structs: [StructDescription] {
        let slab = SlabField.common + [Slab.pfn.described, Slab.objExts.described]
        let ptdesc: [FieldDescription] = [
            PTDescField.flags.described, PTDescField.ptList.described,
            pfnField(.pageTable).described, PTDescField.ptIndex.described, PTDescField.ptl.described,
            PTDescField.refcount.described, PTDescField.memcgData.described,
        ]
        let netmem: [FieldDescription] = [
            NetmemField.flags.described, NetmemField.ppMagic.described, NetmemField.pp.described,
            pfnField(.netmem).described, NetmemField.dmaAddr.described,
            NetmemField.ppRefCount.described, NetmemField.refcount.described,
        ]
        func describe(_ name: String, _ slot: Int, _ fields: [FieldDescription]) -> StructDescription {
            let cache = CacheIndex.create(slot)
            return StructDescription(name: name, size: cache.objectSize,
                                     placement: CacheIndex.name(slot) + " cache: " + cache.slotDescription,
                                     fields: fields)
        }
        return [
            describe("struct folio (small: orders 0-1)", CacheIndex.folioSmall, Folio.small),
            describe("struct folio (large: orders 2+)", CacheIndex.folioLarge, Folio.large),
            describe("struct slab", CacheIndex.slabDescriptors, slab),
            describe("struct ptdesc", CacheIndex.ptdescDescriptors, ptdesc),
            describe("struct netmem_desc", CacheIndex.netmemDescriptors, netmem),
        ]
    }
}
