/// Bits of `page->flags` and the masks the page allocator checks and clears with them
/// (`enum pageflags` and `PAGE_FLAGS_*`, include/linux/page-flags.h, v6.15). Bit numbers
/// are those of x86-64 with CONFIG_MMU, CONFIG_MEMORY_FAILURE and CONFIG_PAGE_IDLE_FLAG:
/// 24 flags, PG_mlocked at 20 and PG_hwpoison at 21.
///
/// The model sets only PG_head; the other bits are here so that the checks and resets test
/// and clear what the kernel's do. The flags word's upper fields (zone, node, last_cpupid,
/// the LRU generation) are not modelled.
public enum PageFlags {
    public static let locked: UInt64 = 1 << 0
    public static let writeback: UInt64 = 1 << 1
    public static let lru: UInt64 = 1 << 5
    /// "Must be in bit 6".
    public static let head: UInt64 = 1 << 6
    public static let active: UInt64 = 1 << 8
    public static let workingset: UInt64 = 1 << 9
    public static let reserved: UInt64 = 1 << 13
    public static let `private`: UInt64 = 1 << 14
    public static let private2: UInt64 = 1 << 15
    public static let reclaim: UInt64 = 1 << 16
    public static let unevictable: UInt64 = 1 << 18
    public static let mlocked: UInt64 = 1 << 20
    public static let hwpoison: UInt64 = 1 << 21
    /// `__NR_PAGEFLAGS`.
    public static let count = 24

    /// `PAGEFLAGS_MASK`.
    public static var mask: UInt64 { (1 << UInt64(count)) - 1 }
    /// `PAGE_FLAGS_CHECK_AT_FREE` (without `LRU_GEN_MASK`): no page may be freed with these.
    public static var checkAtFree: UInt64 {
        lru | locked | `private` | private2 | writeback | reserved | active | unevictable | mlocked
    }
    /// `PAGE_FLAGS_CHECK_AT_PREP`: every flag but PG_hwpoison, cleared on free and checked
    /// on allocation (`check_new_page` adds `__PG_HWPOISON`).
    public static var checkAtPrep: UInt64 { mask & ~hwpoison }
    /// `PAGE_FLAGS_SECOND`: what the first tail's flags hold for its folio, cleared on free:
    /// the order (low byte), PG_has_hwpoisoned (= PG_active), PG_large_rmappable
    /// (= PG_workingset) and PG_partially_mapped (= PG_reclaim).
    public static var second: UInt64 { 0xff | active | workingset | reclaim }
}
