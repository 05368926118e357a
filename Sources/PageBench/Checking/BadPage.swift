/// A page the allocator's sanity checks found in a state it must not be in, as `bad_page()`
/// (mm/page_alloc.c) reports it: the page and the reason. The kernel prints it, taints
/// itself (TAINT_BAD_PAGE) and keeps the page out of circulation; the model counts it in
/// `KernelGlobals` and keeps it out too, and its checked mode throws it as `Misuse.badPage`.
public struct BadPage: Equatable, Sendable, CustomStringConvertible {
    public let pfn: Int
    public let reason: BadPageReason

    public init(pfn: Int, _ reason: BadPageReason) {
        self.pfn = pfn
        self.reason = reason
    }

    public var description: String { "bad page: pfn \(pfn): \(reason.rawValue)" }
}

/// Why: the strings of `page_bad_reason` and `free_tail_page_prepare` (mm/page_alloc.c,
/// v6.15), and two of the memdesc layouts', whose pages hold only two words.
public enum BadPageReason: String, Sendable {
    case nonzeroMapcount = "nonzero mapcount"
    case nonNullMapping = "non-NULL mapping"
    case nonzeroRefcount = "nonzero _refcount"
    case flagsAtPrep = "PAGE_FLAGS_CHECK_AT_PREP flag(s) set"
    case flagsAtFree = "PAGE_FLAGS_CHECK_AT_FREE flag(s) set"
    case chargedToCgroup = "page still charged to cgroup"
    case pagePoolLeak = "page_pool leak"
    case nonzeroLargeMapcount = "nonzero large_mapcount"
    case nonzeroPagesMapped = "nonzero nr_pages_mapped"
    case nonzeroMMMapcount = "nonzero mm mapcount"
    case nonzeroEntireMapcount = "nonzero entire_mapcount"
    case nonzeroPincount = "nonzero pincount"
    case onDeferredList = "on deferred list"
    case corruptedTailMapping = "corrupted mapping in tail page"
    /// Covers "PageTail not set" too: both compare the tail's `compound_head` with the head.
    case headNotConsistent = "compound_head not consistent"
    /// A memdesc layout's page, taken off a free list, still names an owner or a memdesc.
    case wordsNotFree = "page words not free"
    /// A memdesc layout's page, being freed, does not name the allocation being freed.
    case wordsNotConsistent = "page words not consistent with the memdesc"
}
