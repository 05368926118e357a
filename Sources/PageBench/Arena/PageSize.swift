/// x86-64 page geometry and the buddy allocator's limits (include/linux/mmzone.h).
public enum PageGeometry {
    public static let pageShift = 12
    public static let pageSize = 1 << pageShift
    /// `MAX_PAGE_ORDER` (called MAX_ORDER before 6.8): the largest block is 2^10 pages, 4 MiB.
    public static let maxOrder = 10
    public static let orderCount = maxOrder + 1
    /// `HPAGE_PMD_ORDER`: a transparent huge page, 2 MiB.
    public static let thpOrder = 9
    /// `PAGE_ALLOC_COSTLY_ORDER`: orders above it are not cached on the per-CPU lists,
    /// except the THP order.
    public static let costlyOrder = 3
}
