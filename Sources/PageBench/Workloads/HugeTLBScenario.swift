/// `hugetlb` (scenario 8): a HugeTLB pool of 2 MiB folios, with HVO in `legacy64-hvo`.
/// `op=lookup` times `page_folio` + `folio_ref_count` on random pfns with the pool over half
/// the machine (the lookups of `lookup-random`, and its floor); `op=grow-shrink` times
/// growing the pool by B folios and shrinking it back, each folio optimised and restored.
enum HugeTLBScenario {
    /// Folios in the lookup set-up: half the machine, at most the HVO budget, the same for
    /// every layout so that their rows compare.
    static func poolFolios(pageCount: Int) -> Int { min((pageCount / 2) >> PageGeometry.thpOrder, HugeTLBState.defaultBudget) }

    /// The pool of the lookup set-up.
    struct Pool {
        var folios: LiveSet<Memdesc>

        init<L: PageLayout>(_ machine: borrowing Machine<L>) {
            let count = poolFolios(pageCount: machine.pageCount)
            folios = LiveSet(capacity: count)
            while folios.count < count, let folio = machine.hugetlbAlloc() { folios.append(folio) }
        }

        func release<L: PageLayout>(_ machine: borrowing Machine<L>) {
            for i in 0..<folios.count { machine.folioPut(folios[i]) }
            folios.deallocate()
        }
    }

    /// Growing the pool by one folio (`alloc_pool_huge_folio`, then HVO) and, LIFO,
    /// shrinking it (`update_and_free_hugetlb_folio`: restore, then free).
    struct GrowShrink<L: PageLayout>: LIFOAllocator {
        let machine: MachineRef<L>

        @inline(__always) func allocate() -> Memdesc? { machine.pointee.hugetlbAlloc() }
        @inline(__always) func free(_ folio: Memdesc) { machine.pointee.folioPut(folio) }
        @inline(__always) func checksum(_ folio: Memdesc) -> UInt64 { UInt64(folio.raw) }
    }
}
