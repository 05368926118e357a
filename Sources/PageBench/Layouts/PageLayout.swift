/// A layout of the per-page descriptor (`struct page`) and of the memory descriptors it
/// leads to. Each backend is one file that conforms to this protocol and one case of
/// `LayoutID`; every allocator, check, workload and test is written once, generic over it.
///
/// A layout value is a thin view of the memmap (its base and page count): copying it is free
/// and it owns nothing. Every method is a handful of loads and stores in the memmap or in a
/// descriptor; none allocates. PFNs are `Int` in `0..<pageCount`.
///
/// The protocol is organised like the kernel code it stands for:
/// - buddy state: `set_buddy_order`, `page_is_buddy`, `buddy_order` (mm/page_alloc.c);
/// - free lists: `buddy_list` / `pcp_list` (each layout decides where the links live);
/// - allocation: `prep_compound_page` or `alloc_page_desc` (seed 000, FolioAlloc);
/// - lookup: `page_folio`, `pfn_to_memdesc`, `compound_order`, `folio_pfn`.
public protocol PageLayout {
    /// The name used on the command line and in CSV rows.
    static var name: String { get }
    /// `sizeof(struct page)` in this layout.
    static var pageDescriptorSize: Int { get }
    /// Whether memdescs (folio, slab, ptdesc, netmem) are allocated separately from slab
    /// caches inside the simulated memory (true) or overlaid on the memmap (false).
    static var separateMemdescs: Bool { get }
    /// Whether one page of a slab can be handed out as a folio while the slab keeps owning
    /// it (seed 004). A layout that cannot express it gets a plain order-0 folio instead.
    static var supportsNestedFolios: Bool { get }
    /// Whether HugeTLB folios get HugeTLB Vmemmap Optimisation (`VmemmapOptimization`):
    /// the machine then keeps the memmap in shared memory, so its pages can be remapped.
    static var hugeTLBVmemmapOptimization: Bool { get }
    /// Bytes of one free-list head (a `list_head`, a first-PFN word, or a whole bitmap).
    static func listHeadSize(pageCount: Int) -> Int
    /// The descriptor structs, for `benchmarks describe`.
    static var structs: [StructDescription] { get }
    /// Where the folio keeps the fields whose place differs between the overlay and the
    /// separately allocated folio (`_deferred_list` in legacy64's second tail page, ...).
    static var folioLayout: FolioLayout { get }
    /// The loads a lookup does in this layout, for the C floor rows (`CFloor`).
    static var floorPattern: FloorPattern { get }
    /// Whether the free lists keep the order entries were added in (true for linked lists);
    /// false for a store that keeps a set, such as the bitmaps, where the first entry is the
    /// lowest pfn and the last the highest, wherever they were added.
    static var listsKeepOrder: Bool { get }
    /// The most pages the layout can describe: its free-list links' limit, where it has one.
    static var maxPageCount: Int { get }

    /// A view of `memmap` describing `pageCount` pages of the physical memory at `arena`.
    init(memmap: UnsafeMutableRawPointer, arena: UnsafeMutableRawPointer, pageCount: Int)

    /// The memmap: `pageCount` descriptors of `pageDescriptorSize` bytes, followed by two
    /// pages holding a descriptor of zeros (`zeroDescriptor`) and the `KernelGlobals`.
    var memmap: UnsafeMutableRawPointer { get }
    var pageCount: Int { get }

    // MARK: Buddy state (the head page of a free block)

    /// `set_buddy_order` + `__SetPageBuddy`: mark `pfn` as the head of a free block.
    func setBuddy(_ pfn: Int, order: Int)
    /// `__ClearPageBuddy` + `set_page_private(page, 0)`.
    func clearBuddy(_ pfn: Int)
    /// `page_is_buddy`: is `pfn` the head of a free block of exactly `order`?
    func isBuddy(_ pfn: Int, order: Int) -> Bool
    /// The order of the free block headed by `pfn`, or nil if it heads none.
    func buddyOrder(_ pfn: Int) -> Int?
    /// Mark a page cached on a per-CPU list (not PageBuddy, so never merged).
    func setPCP(_ pfn: Int, order: Int)
    /// Forget the per-CPU mark before the page leaves the list.
    func clearPCP(_ pfn: Int)

    // MARK: Free lists (`buddy_list`, `pcp_list`)

    func listInit(_ head: UnsafeMutableRawPointer)
    func listIsEmpty(_ head: UnsafeMutableRawPointer) -> Bool
    /// `list_add`: push at the front (a per-CPU list's hot end).
    func listAdd(_ pfn: Int, _ head: UnsafeMutableRawPointer)
    /// `list_add_tail`: append at the back (a per-CPU list's cold end, where `rmqueue_bulk`
    /// adds and `free_pcppages_bulk` takes).
    func listAddTail(_ pfn: Int, _ head: UnsafeMutableRawPointer)
    /// `list_del`.
    func listDel(_ pfn: Int, _ head: UnsafeMutableRawPointer)
    /// The first entry, or nil when empty.
    func listFirst(_ head: UnsafeMutableRawPointer) -> Int?
    /// The last entry (`list_last_entry`), or nil when empty.
    func listLast(_ head: UnsafeMutableRawPointer) -> Int?
    /// The entry after `pfn`, or nil at the end (for checks and drains).
    func listNext(_ pfn: Int, _ head: UnsafeMutableRawPointer) -> Int?

    // MARK: Allocation

    /// Make the 2^order pages at `pfn` resolve to a new allocation of `type` and return its
    /// memdesc. `descriptor` is the separately allocated descriptor (nil for overlays). Writes
    /// every page's descriptor words, as `prep_compound_page` or `alloc_page_desc` would, and
    /// the descriptor's own address fields (pfn, order); type-specific fields are the caller's,
    /// and so is `_refcount` (but a slab's): it stays 0, so no speculative reference can be
    /// taken until the caller has initialised the memdesc and set it to 1, last.
    func prepare(_ pfn: Int, order: Int, type: MemdescType,
                 descriptor: UnsafeMutableRawPointer?) -> Memdesc
    /// `prepare` as seed 000 proposes for an allocator that has no use for the folio
    /// preparation (slab): the pages resolve to the memdesc and carry its order, without the
    /// folio fields of `prep_compound_head`. The memdesc layouts' `prepare` writes none, so
    /// only `legacy64` differs; in v6.15 every compound allocation gets them.
    func prepareWithoutFolioFields(_ pfn: Int, order: Int, type: MemdescType,
                                   descriptor: UnsafeMutableRawPointer?) -> Memdesc
    /// Tear down the 2^order pages at `pfn` before they go back to the buddy allocator
    /// (`free_pages_prepare`, `free_tail_page_prepare`, with the resets the owner's destructor
    /// made before): afterwards no page resolves to the old memdesc.
    func release(_ pfn: Int, order: Int)
    /// `init_new_hugetlb_folio`'s stores past the head page: the HugeTLB fields of `struct
    /// folio` (`_hugetlb_subpool`, `_hugetlb_cgroup`, `_hugetlb_cgroup_rsvd`).
    func initHugeTLBFolio(_ folio: UnsafeMutableRawPointer)
    /// Point one page of a slab at a folio and stash the slab in it (seed 004).
    func nestFolio(_ pfn: Int, folio: UnsafeMutableRawPointer) -> Memdesc
    /// Undo `nestFolio`: the page resolves to its slab again.
    func unnestFolio(_ pfn: Int, folio: UnsafeMutableRawPointer)

    // MARK: Sanity checks (`check_pages_enabled`)

    /// `check_new_pages` (mm/page_alloc.c, v6.15): the first of the 2^order pages at `pfn`,
    /// just taken off a free list, that is not in the state of a free page, or nil.
    func checkNewPages(_ pfn: Int, order: Int) -> BadPage?
    /// What `free_pages_prepare` checks (`free_tail_page_prepare`, `free_page_is_bad`) in the
    /// allocation at `pfn` about to be freed, its last reference gone and its owner's
    /// destructor run (the type and page_pool signature that `release` clears count as
    /// cleared): the first bad page, or nil. Reads only; `release` makes the changes.
    func checkFreePages(_ pfn: Int, order: Int) -> BadPage?
    /// `page_count_writable` (include/linux/page-flags.h, v6.15): false where `_refcount` of
    /// `memdesc` must not be written, an HVO fake head in read-only memmap. Always true
    /// without HVO.
    func pageCountWritable(_ memdesc: Memdesc) -> Bool
    /// `memmap_init`: what every descriptor holds before its page is first freed
    /// (`__init_single_page`), written once over the zeroed memmap.
    func initializeMemmap()

    // MARK: Lookup

    /// `pfn_to_memdesc` / `page_folio`: the memdesc the page belongs to, `.buddy` for the
    /// head of a free block, `Memdesc.none` for any other free page.
    func memdesc(ofPFN pfn: Int) -> Memdesc
    /// `compound_order`: the order of the allocation (or free block) containing `pfn`;
    /// 0 for pages inside a free block that the layout cannot place.
    func order(ofPFN pfn: Int) -> Int
    /// What compaction's scanner asks of a block head: its type and the order to skip by
    /// (0 for a page it cannot place, such as one cached on a per-CPU list). Defined for
    /// block heads only: legacy64 reads a tail's own struct page, as the kernel's scanner does.
    func classify(_ pfn: Int) -> (type: MemdescType, order: Int)
    /// `folio_pfn`, `slab_pfn`: the first page of the memdesc's allocation.
    func headPFN(of memdesc: Memdesc) -> Int
    /// `folio_order`, `slab_order`: the order of the memdesc's allocation.
    func order(of memdesc: Memdesc) -> Int
    /// The allocation that owns `pfn` in the page allocator's eyes: the slab, for a page a
    /// slab handed out as a folio; otherwise the same as `memdesc(ofPFN:)`.
    func owner(ofPFN pfn: Int) -> Memdesc
    /// `page_folio` as a lookup loop uses it: the descriptor that holds the page's
    /// `_refcount` (at offset 52): the head page in legacy64, the memdesc otherwise, and
    /// for a page with no memdesc a descriptor of zeros. Branch-free where the layout
    /// allows, so random lookups overlap in the memory system.
    func pageFolio(_ pfn: Int) -> UnsafeRawPointer
    /// `virt_to_slab` after `virt_to_pfn`: the slab owning `pfn`, or nil.
    func slab(ofPFN pfn: Int) -> UnsafeMutableRawPointer?
}

/// How the C floor mirrors a layout's lookups.
public enum FloorPattern: Sendable {
    /// legacy64: `compound_head` at 8, the head's `_refcount` at 52; scans read
    /// `page_type`, `private`, `flags` and `_flags_1`.
    case compoundHead
    /// The memdesc layouts: the tagged memdesc word at `wordOffset` of each `struct page`,
    /// and for a tag in `descriptorTags` the descriptor's `_refcount` at 52; scans take the
    /// order as `scan` says.
    case taggedWord(wordOffset: UInt64, descriptorTags: UInt16, scan: ScanPattern)
}

/// Where a memdesc layout's scan finds a block's order.
public enum ScanPattern: Sendable {
    /// The 16-byte pages: `(word0 >> shift) & mask`; the type is word 1's tag.
    case orderInWord0(shift: UInt32, mask: UInt64)
    /// memdesc8: a free page's `(word >> shift) & mask`, an allocation's in its memdesc.
    case orderInWordOrMemdesc(shift: UInt32, mask: UInt64)
    /// interim32: a free block's in `private` (`flags` has `buddyFlag`), an allocation's in
    /// its memdesc.
    case orderInPrivateOrMemdesc(buddyFlag: UInt64)
}

extension PageLayout {
    public static var hugeTLBVmemmapOptimization: Bool { false }
    public static var listsKeepOrder: Bool { true }
    public static var maxPageCount: Int { Int.max }

    /// `virt_to_slab`: the slab owning the page `address` lies in, or nil.
    @inline(__always)
    func virtToSlab(_ address: UnsafeRawPointer, in memory: PhysicalMemory) -> UnsafeMutableRawPointer? {
        slab(ofPFN: memory.pfn(of: address))
    }

    @inline(__always)
    public func prepareWithoutFolioFields(_ pfn: Int, order: Int, type: MemdescType,
                                          descriptor: UnsafeMutableRawPointer?) -> Memdesc {
        prepare(pfn, order: order, type: type, descriptor: descriptor)
    }

    /// A separately allocated folio has no HugeTLB fields (`SeparateMemdesc.Folio`).
    public func initHugeTLBFolio(_ folio: UnsafeMutableRawPointer) {}

    @inline(__always)
    public func pageCountWritable(_ memdesc: Memdesc) -> Bool { true }

    /// The zeroed memmap reads as free pages.
    public func initializeMemmap() {}

    /// 64 bytes of zeros at the first page boundary at or past the memmap's end, standing in
    /// for a missing memdesc; the `KernelGlobals` follow them, in the page's first 1 KiB.
    @inline(__always)
    public var zeroDescriptor: UnsafeRawPointer {
        UnsafeRawPointer(memmap + (pageCount &* Self.pageDescriptorSize &+ PageGeometry.pageSize &- 1)
                         & ~(PageGeometry.pageSize &- 1))
    }

    /// Bytes of memmap for `pageCount` pages.
    public static func memmapBytes(pageCount: Int) -> Int { pageCount * pageDescriptorSize }

    /// Share of RAM spent on the memmap: sizeof(struct page) / PAGE_SIZE.
    public static var memmapFractionOfRAM: Double {
        Double(pageDescriptorSize) / Double(PageGeometry.pageSize)
    }
}

/// `PAGE_TYPE` values of include/linux/page-flags.h (v6.12+), kept in the top byte of
/// `page->page_type`; the other 24 bits are ones while the type is set.
public enum PageType {
    public static let buddy: UInt32 = 0xf0
    public static let table: UInt32 = 0xf2
    public static let hugetlb: UInt32 = 0xf4
    public static let slab: UInt32 = 0xf5
    /// `page_type` / `_mapcount` of a page with no type: -1.
    public static let noType: UInt32 = 0xffff_ffff

    /// `__folio_set_<type>`: `page->page_type = PGTY_<type> << 24`.
    @inline(__always)
    public static func word(_ type: UInt32) -> UInt32 { type << 24 }
}
