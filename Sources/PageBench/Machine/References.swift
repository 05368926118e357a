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
        let folio = layout.memdesc(ofPFN: pfn)
        guard folio.type == .folio else { return nil }
        let ref = refcount(folio)
        var old = ref.load(ordering: .relaxed)
        while true {
            if old == 0 { return nil }
            let (exchanged, original) = ref.weakCompareExchange(
                expected: old, desired: old + 1, ordering: .acquiring)
            if exchanged { break }
            old = original
        }
        guard layout.memdesc(ofPFN: pfn) == folio else {
            folioPut(folio)
            return nil
        }
        return folio
    }

    /// `folio_put`: drop a reference; the last one frees the folio (back to its slab for a
    /// folio handed out from one, seed 004).
    @inline(__always)
    public func folioPut(_ folio: Memdesc) {
        guard refcount(folio).wrappingDecrementThenLoad(ordering: .releasing) == 0 else { return }
        if FolioField.flags.load(folio.pointer) & FolioFlag.fromSlab != 0 {
            freeNestedFolio(folio)
        } else {
            free(folio)
        }
    }
}

/// Folio flags the harness uses beyond the kernel's.
enum FolioFlag {
    /// The folio is one page handed out by a slab (seed 004). Above the kernel's page flags.
    static let fromSlab: UInt64 = 1 << 27
}
