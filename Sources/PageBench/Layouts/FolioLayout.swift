/// Where a layout keeps the folio fields whose place differs between the folio overlaid on
/// `struct page` (`legacy64`) and the separately allocated folio descriptors, and from which
/// order a folio has the large-folio fields. `folio_alloc` writes through it, so one
/// preparation serves every layout.
public struct FolioLayout {
    /// `memcg_data` (the head page's, at 56, in legacy64) / `memcg` (the separate folio's).
    public let memcg: Field<UInt>
    /// `_pincount`: in legacy64 in the first tail page, so only a large folio has it (an
    /// order-0 folio counts pins in `_refcount`, `GUP_PIN_COUNTING_BIAS`); the separate folio
    /// has it at every order (kernelnewbies.org/MatthewWilcox/Memdescs/Path).
    public let pincount: Field<Int32>
    /// The lowest order whose folio has `_pincount`.
    public let pincountOrder: Int
    /// The lowest order whose folio has `_large_mapcount`, `_nr_pages_mapped` and
    /// `_entire_mapcount` (`FolioField.large`): 1 in legacy64 (the first tail page), the
    /// large descriptor's first order in the separate folio.
    public let largeOrder: Int
    /// `_deferred_list`, which every layout's folio has from order 2 (`folio_prep_large_rmappable`
    /// initialises it for order > 1 only, mm/huge_memory.c).
    public let deferredList: Field<ListHead>

    /// The first order with `_deferred_list`.
    public static var deferredListOrder: Int { 2 }
}
