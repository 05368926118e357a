/// The separately allocated memory descriptors of the small layouts (`twoword16`,
/// `chead16`, and the 32- and 8-byte layouts to come).
///
/// Each is allocated from its own slab cache inside the simulated memory, 16-byte aligned so
/// a pointer to it has 4 free low bits for the type (kernelnewbies.org/MatthewWilcox/Memdescs).
/// They keep the kernel's offsets for the fields the overlays have (see `MemdescFields.swift`)
/// and add what the memmap can no longer tell: the pfn of the first page and the order,
/// as in the `folio_alloc` sketch of kernelnewbies.org/MatthewWilcox/FolioAlloc.
public enum SeparateMemdesc {
    /// Bytes of each descriptor type.
    @inline(__always)
    public static func size(of type: MemdescType) -> Int {
        switch type {
        case .folio: 112
        case .slab, .pageTable, .netmem: 64
        case .none, .buddy: 0
        }
    }

    /// Where the descriptor records the pfn of its first page (`folio->pfn`, `slab_pfn`).
    @inline(__always)
    static func pfnField(_ type: MemdescType) -> Field<UInt> {
        switch type {
        case .folio: Folio.pfn
        case .slab: Slab.pfn
        default: Field("pfn", 24)  // ptdesc's __page_mapping, netmem's _pp_mapping_pad
        }
    }

    /// Record the placement of a new descriptor: its pfn and its order (the folio keeps the
    /// order in `_flags_1` as today; the others in the low byte of their flags word).
    @inline(__always)
    static func place(_ descriptor: UnsafeMutableRawPointer, type: MemdescType, pfn: Int, order: Int) {
        pfnField(type).store(UInt(pfn), descriptor)
        if type == .folio {
            FolioField.flags.store(0, descriptor)
            FolioField.flags1.store(UInt64(order), descriptor)
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
        let field = memdesc.type == .folio ? FolioField.flags1 : FolioField.flags
        return Int(field.load(memdesc.pointer) & 0xff)
    }

    /// `struct folio`, 112 bytes: the head page's fields, the order, the pfn in place of
    /// `_head_1`, the large-folio counts, and `_deferred_list`, which an order-0 folio handed
    /// out from a slab uses instead to stash its page's old descriptor words (seed 004).
    public enum Folio {
        @inline(__always) public static var pfn: Field<UInt> { .init("pfn", 72) }
        @inline(__always) public static var deferredList: Field<ListHead> { .init("_deferred_list", 96) }
        @inline(__always) public static var stash: Field<ListHead> { .init("_slab_stash", 96) }
    }

    /// `struct slab`, 64 bytes: the pfn replaces `__page_type` and `__page_refcount`.
    public enum Slab {
        @inline(__always) public static var pfn: Field<UInt> { .init("pfn", 48) }
    }

    public static var structs: [StructDescription] {
        let folio = FolioField.common + [Folio.pfn.described] + FolioField.large + [
            Folio.deferredList.described, Folio.stash.described,
        ]
        let slab = SlabField.common + [Slab.pfn.described,
                                       FieldDescription(name: "obj_exts", offset: 56, size: 8)]
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
        let placement = "slab cache in simulated memory, 16-byte aligned"
        return [
            StructDescription(name: "struct folio", size: size(of: .folio), placement: placement, fields: folio),
            StructDescription(name: "struct slab", size: size(of: .slab), placement: placement, fields: slab),
            StructDescription(name: "struct ptdesc", size: size(of: .pageTable), placement: placement, fields: ptdesc),
            StructDescription(name: "struct netmem_desc", size: size(of: .netmem), placement: placement, fields: netmem),
        ]
    }
}
