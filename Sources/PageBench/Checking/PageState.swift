/// The fields of a struct page that `page_expected_state` and `page_bad_reason`
/// (mm/page_alloc.c, v6.15) read, at the kernel's offsets wherever they live: in a
/// `legacy64` struct page, or in a separately allocated folio, which keeps the head page's
/// offsets. Loaded once; a caller may then set a field as a reset due before the check
/// would leave it.
struct PageState {
    var mapcount: Int32
    var mapping: UInt
    var refcount: Int32
    var memcgData: UInt
    /// `page_pool_page_is_pp`: `pp_magic` holds `PP_SIGNATURE`.
    var pagePool: Bool
    var flags: UInt64

    @inline(__always)
    init(_ p: UnsafeRawPointer, memcg: Field<UInt>) {
        mapcount = FolioField.mapcount.load(p)
        mapping = FolioField.mapping.load(p)
        refcount = FolioField.refcount.load(p)
        memcgData = memcg.load(p)
        pagePool = NetmemField.ppMagic.load(p) & ~3 == NetmemField.signature
        flags = FolioField.flags.load(p)
    }

    /// `page_expected_state(page, check)`: `_mapcount` -1, everything else clear. One
    /// branch for the common case, as the kernel ORs the fields together.
    @inline(__always)
    func expected(check: UInt64) -> Bool {
        mapcount == -1 && mapping | UInt(UInt32(bitPattern: refcount)) | memcgData
            | (pagePool ? 1 : 0) | UInt(flags & check) == 0
    }

    /// `page_bad_reason`: the slow path that names what `expected` found (the last match
    /// wins, as in the kernel).
    func badReason(check: UInt64) -> BadPageReason {
        var reason = BadPageReason.nonzeroMapcount  // what is left when nothing else is
        if mapping != 0 { reason = .nonNullMapping }
        if refcount != 0 { reason = .nonzeroRefcount }
        if flags & check != 0 { reason = check == PageFlags.checkAtFree ? .flagsAtFree : .flagsAtPrep }
        if memcgData != 0 { reason = .chargedToCgroup }
        if pagePool { reason = .pagePoolLeak }
        return reason
    }

    /// `expected`, or the page with its reason.
    @inline(__always)
    func check(_ check: UInt64, pfn: Int) -> BadPage? {
        _fastPath(expected(check: check)) ? nil : BadPage(pfn: pfn, badReason(check: check))
    }
}

/// The folio checks of `free_tail_page_prepare` (mm/page_alloc.c, v6.15).
enum FolioState {
    /// The folio fields `free_tail_page_prepare` checks in the first tail (`_large_mapcount`,
    /// `_nr_pages_mapped`, `_entire_mapcount`, `_pincount`, and with `mmIDs` the
    /// `_mm_id_mapcount` pair of CONFIG_MM_ID) and, for order > 1, the second tail's
    /// `_deferred_list`, which must be empty. `f` is the folio; nil when all are as
    /// `prep_compound_head` left them.
    @inline(__always)
    static func largeFolioBad(_ f: UnsafeMutableRawPointer, order: Int, fields: FolioLayout,
                              mmIDs: Field<UInt64>?) -> BadPageReason? {
        if order >= fields.largeOrder {
            if _slowPath(FolioField.largeMapcount.load(f) != -1) { return .nonzeroLargeMapcount }
            if _slowPath(FolioField.nrPagesMapped.load(f) != 0) { return .nonzeroPagesMapped }
            if _slowPath(FolioField.entireMapcount.load(f) != -1) { return .nonzeroEntireMapcount }
        }
        if let mmIDs, _slowPath(mmIDs.load(f) != ~0) { return .nonzeroMMMapcount }
        if order >= fields.pincountOrder && _slowPath(fields.pincount.load(f) != 0) { return .nonzeroPincount }
        if order >= FolioLayout.deferredListOrder && _slowPath(!ListHead.isEmpty(fields.deferredList.address(f))) {
            return .onDeferredList
        }
        return nil
    }
}
