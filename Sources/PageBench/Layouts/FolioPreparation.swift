/// The large-folio counts of `prep_compound_head` (mm/internal.h, v6.15), which every layout's
/// folio has at the kernel's offsets: `_large_mapcount` -1, `_nr_pages_mapped` 0,
/// `_pincount` 0, `_entire_mapcount` -1 and, for order > 1, an empty `_deferred_list`
/// (INIT_LIST_HEAD there since v6.10, "mm: always initialise folio->_deferred_list").
///
/// In v6.15 the page allocator writes them for every compound allocation, slabs included
/// (`prep_compound_page`), so `legacy64` writes them in `prepare`; the memdesc layouts'
/// folio descriptor gets them from `folio_alloc` (kernelnewbies.org/MatthewWilcox/FolioAlloc).
enum FolioPreparation {
    @inline(__always)
    static func largeCounts(_ f: UnsafeMutableRawPointer, order: Int, fields: FolioLayout) {
        if order >= fields.largeOrder {
            FolioField.largeMapcount.store(-1, f)
            FolioField.nrPagesMapped.store(0, f)
            FolioField.entireMapcount.store(-1, f)
        }
        if order >= fields.pincountOrder { fields.pincount.store(0, f) }
        if order >= FolioLayout.deferredListOrder { ListHead.initialize(fields.deferredList.address(f)) }
    }
}
