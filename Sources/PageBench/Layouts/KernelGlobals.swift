/// The kernel globals that hot paths read: two static keys, and the bad pages found. They
/// live just after the memmap, past the zero descriptor (`globals`), where every layout (a
/// thin view of the memmap) finds them, and the machine sets them.
///
/// A kernel static key (`static_branch_unlikely`) is a patched jump: no load, nothing to
/// predict. Here a key is a word that stays in cache, loaded and tested by a branch the
/// predictor learns: an upper bound on what the key costs. What the model gets right is the
/// work a key that is off skips.
public struct KernelGlobals {
    /// `hugetlb_optimize_vmemmap_key` (mm/hugetlb_vmemmap.c, v6.15): `static_branch_inc`
    /// for every folio HVO optimises, `static_branch_dec` for every one it restores, so it is
    /// on exactly while some folio is optimised. It gates `page_fixed_fake_head` (every
    /// `compound_head`) and `page_count_writable` (include/linux/page-flags.h).
    public var hugetlbOptimizeVmemmap = 0
    /// `check_pages_enabled` (mm/mm_init.c, v6.15): `DEFINE_STATIC_KEY_MAYBE(CONFIG_DEBUG_VM,
    /// ...)`, switched on at boot by `init_on_alloc`, `init_on_free`, page poisoning or
    /// `debug_pagealloc`; off in the kernel's defaults. It gates
    /// `check_new_pages` on allocation and `free_page_is_bad` and the tail checks of
    /// `free_tail_page_prepare` on free.
    public var checkPagesEnabled = false
    /// Pages `bad_page()` reported, and the last of them.
    public var badPages = 0
    public var lastBadPage: BadPage? = nil

    public init() {}

    /// `bad_page()`: count it; the caller leaves the page out.
    mutating func report(_ bad: BadPage) {
        badPages += 1
        lastBadPage = bad
    }
}

extension PageLayout {
    /// The machine's `KernelGlobals`, on the cache line after the zero descriptor, which
    /// starts a page: 64 bytes into it. `check_pages_enabled` is loaded by every allocation
    /// and free, where the kernel's patched jump loads nothing, so its place in a page must be
    /// one no allocator state is stored at: inside `ControlBlock.machineWindow`, which holds
    /// only the `Machine` struct, loaded and never stored by the hot paths. (`ec3195f` put
    /// them 1024 bytes in, where `free_area[0]`'s head sits: `results/revision-ab/`.)
    @inline(__always)
    public var globals: UnsafeMutablePointer<KernelGlobals> {
        UnsafeMutableRawPointer(mutating: zeroDescriptor + 64).assumingMemoryBound(to: KernelGlobals.self)
    }

    /// Whether `check_pages_enabled` is on.
    @inline(__always)
    var checkPagesEnabled: Bool { _slowPath(globals.pointee.checkPagesEnabled) }
}
