/// Whether a `legacy64` memmap has HugeTLB Vmemmap Optimisation (HVO, mm/hugetlb_vmemmap.c,
/// Documentation/mm/vmemmap_dedup.rst). With it, the 8 memmap pages describing a 2 MiB
/// HugeTLB folio become one: pages 1-7 are mapped read-only onto page 0 and freed, saving
/// 28 KiB of 32 KiB. It needs a power-of-two `struct page`, so that a memmap page holds
/// whole descriptors, and it costs `compound_head` a check for "fake heads" (the
/// `hugetlb_optimize_vmemmap_key` static branch, on once any folio is optimised).
public protocol VmemmapOptimization {
    /// Appended to the layout's name.
    static var nameSuffix: String { get }
    /// HugeTLB folios share their tail descriptors; `compound_head` fixes fake heads.
    static var optimizesHugeTLB: Bool { get }
}

/// Every page has a descriptor of its own (`hugetlb_free_vmemmap=off`).
public enum PlainVmemmap: VmemmapOptimization {
    public static var nameSuffix: String { "" }
    public static var optimizesHugeTLB: Bool { false }
}

/// HVO on (`hugetlb_free_vmemmap=on`, CONFIG_HUGETLB_PAGE_OPTIMIZE_VMEMMAP).
public enum HugeTLBVmemmap: VmemmapOptimization {
    public static var nameSuffix: String { "-hvo" }
    public static var optimizesHugeTLB: Bool { true }
}
