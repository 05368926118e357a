import Atomics

/// Reference counts on memdescs: `folio_get`, `folio_try_get`, `folio_put`.
///
/// `_refcount` is at offset 52 of every refcounted memdesc in every layout (the head page in
/// legacy64, the separately allocated descriptor otherwise), so this code is shared.
extension Machine {
    @inline(__always)
    func refcount(_ memdesc: Memdesc) -> UnsafeAtomic<Int32> {
        UnsafeAtomic(at: (memdesc.pointer + FolioField.refcount.offset)
            .assumingMemoryBound(to: Int32.AtomicRepresentation.self))
    }

    /// The current reference count (`folio_ref_count`).
    @inline(__always)
    public func refCount(_ memdesc: Memdesc) -> Int32 {
        refcount(memdesc).load(ordering: .relaxed)
    }

    /// `folio_get`: the caller already holds a reference.
    @inline(__always)
    public func folioGet(_ folio: Memdesc) {
        refcount(folio).wrappingIncrement(ordering: .relaxed)
    }

    /// The page-cache lookup pattern of seed 004 (`filemap_get_entry`): load the memdesc the
    /// page points to, take a reference if the count is not zero (`folio_try_get`), then
    /// check that the page still points to it; if not, drop the reference and report a miss.
    /// Returns the folio with a reference held, or nil.
    @inline(__always)
    public func folioTryGet(pfn: Int) -> Memdesc? {
        switch folioTryGetSpeculative(pfn: pfn) {
        case .got(let folio): return folio
        case .raced(let folio):
            folioPut(folio)
            return nil
        case .none: return nil
        }
    }

    /// `folio_try_get` without the final put: `.raced` means a reference was taken on a
    /// folio the page no longer points to, and the caller must drop it (where a last put may
    /// free, which a concurrent caller does under its allocator lock).
    @inline(__always)
    public func folioTryGetSpeculative(pfn: Int) -> SpeculativeGet {
        folioTryGetSpeculative(pfn: pfn, window: Uninterrupted.self)
    }

    /// The same, with `W.pause()` between loading the memdesc and taking the reference:
    /// where a kernel reader can be interrupted, and the window the re-check closes.
    @inline(__always)
    func folioTryGetSpeculative<W: ReadWindow>(pfn: Int, window _: W.Type) -> SpeculativeGet {
        let folio = layout.memdesc(ofPFN: pfn)
        guard folio.type == .folio else { return .none }
        W.pause()
        guard folioTryGet(folio) else { return .none }
        return layout.memdesc(ofPFN: pfn) == folio ? .got(folio) : .raced(folio)
    }

    /// `folio_try_get` (include/linux/page_ref.h, v6.15): `page_ref_add_unless(page, 1, 0)`,
    /// which increments `_refcount` unless it is 0, and first asks `page_count_writable`
    /// (under `rcu_read_lock`, free here) whether the count may be written at all: with HVO a
    /// fake head's `_refcount` is read-only memmap. True with a reference taken.
    @inline(__always)
    public func folioTryGet(_ folio: Memdesc) -> Bool {
        guard layout.pageCountWritable(folio) else { return false }
        let ref = refcount(folio)
        var old = ref.load(ordering: .relaxed)
        while old != 0 {
            let (exchanged, original) = ref.weakCompareExchange(
                expected: old, desired: old + 1, ordering: .acquiring)
            if exchanged { return true }
            old = original
        }
        return false
    }

    /// `folio_ref_freeze`: take the count from `count` to 0 if nobody else holds a
    /// reference, so no speculative reference can be taken while the folio is torn down
    /// (split, collapse) and its descriptor goes back to a `SLAB_TYPESAFE_BY_RCU` cache.
    @inline(__always)
    func refFreeze(_ folio: Memdesc, count: Int32) -> Bool {
        refcount(folio).compareExchange(expected: count, desired: 0, ordering: .acquiring).exchanged
    }

    /// `folio_put`: drop a reference; the last one frees the folio.
    @inline(__always)
    public func folioPut(_ folio: Memdesc) {
        if folioPutTestZero(folio) { freeFolio(folio) }
    }

    /// `folio_put_testzero`: drop a reference and tell whether it was the last.
    @inline(__always)
    public func folioPutTestZero(_ folio: Memdesc) -> Bool {
        refcount(folio).wrappingDecrementThenLoad(ordering: .releasing) == 0
    }

    /// Free a refcounted memdesc (folio, ptdesc, netmem) whose last reference is gone.
    /// Every free in a concurrent scenario goes through the refcount: a page with a
    /// speculative reference held on it must not be freed and reused underneath.
    @inline(__always)
    public func freeLastReference(_ memdesc: Memdesc) {
        memdesc.type == .folio ? freeFolio(memdesc) : free(memdesc)
    }

    /// `__folio_put`: free a folio whose last reference is gone (back to its slab for a
    /// folio handed out from one, seed 004; out of the HugeTLB pool for a HugeTLB folio).
    @inline(__always)
    public func freeFolio(_ folio: Memdesc) {
        if FolioField.flags.load(folio.pointer) & FolioFlag.fromSlab != 0 {
            freeNestedFolio(folio)
        } else if isHugeTLB(folio) {
            freeHugeTLBFolio(folio)
        } else {
            free(folio)
        }
    }
}

/// What happens between a lockless reader's load of a page's memdesc and its reference:
/// nothing in the harness's own runs; the tests widen the window (an interrupt) so that
/// the races the re-check exists for happen often enough to be seen.
protocol ReadWindow {
    static func pause()
}

enum Uninterrupted: ReadWindow {
    @inline(__always) static func pause() {}
}

/// What a speculative `folio_try_get` found.
public enum SpeculativeGet: Equatable {
    /// The page has no folio, or its folio is being freed (refcount 0).
    case none
    /// A reference is held on the folio the page points to.
    case got(Memdesc)
    /// A reference is held on a folio the page stopped pointing to meanwhile: drop it.
    case raced(Memdesc)
}

/// Folio flags the harness uses beyond the kernel's.
enum FolioFlag {
    /// The folio is one page handed out by a slab (seed 004). Above the kernel's page flags.
    static let fromSlab: UInt64 = 1 << 27
}
