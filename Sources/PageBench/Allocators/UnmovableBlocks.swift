#if canImport(Glibc)
import Glibc
#endif

/// Pageblocks claimed for the descriptor caches, as the kernel groups allocations by mobility
/// (mm/page_alloc.c: slab pages are `MIGRATE_UNMOVABLE` and fill pageblocks of their own,
/// claimed whole from the free lists by `steal_suitable_fallback`), and mapped as the kernel's
/// direct map maps them: with huge pages. The small layouts' descriptors are slab objects;
/// in the kernel they live in the direct map (1 GiB or 2 MiB pages), so a lookup's second load
/// rarely misses the TLB. Here the simulated memory is mapped with 4 KiB pages (so a 1 TiB
/// machine costs only what it touches), and a descriptor scattered among the folios would pay
/// a TLB miss the kernel does not. So the descriptor caches take their order-0 slab pages from
/// whole 2 MiB pageblocks claimed from the buddy allocator, each mapped afresh with
/// `MADV_HUGEPAGE` when claimed (it is faulted in as one THP when its first page is touched).
/// Pages freed back stay with their pageblock; `releaseEmpty` gives fully free pageblocks back
/// (`Machine.shrink`). Unlike the kernel's `__rmqueue_fallback`, no other allocation takes
/// the free pages a pageblock holds (see `SplitCollapse`'s memory-full set-up).
///
/// Off (`--no-huge-descriptors`), the descriptor caches take pages from the per-CPU lists like
/// any other slab, as before.
public struct UnmovableBlocks<L: PageLayout> {
    static var blockOrder: Int { PageGeometry.thpOrder }
    static var blockPages: Int { 1 << blockOrder }
    static var words: Int { blockPages / 64 }

    let zone: Zone<L>
    let memory: PhysicalMemory
    /// Per pageblock, `words` words: bit i set when page i is free and held here.
    let maps: UnsafeMutablePointer<UInt64>
    /// Per pageblock, 1 when claimed.
    let claimed: UnsafeMutablePointer<UInt8>
    /// Pageblocks with free pages held here, as a stack.
    let stack: UnsafeMutablePointer<Int32>
    /// [stack depth, pages held free, pageblocks claimed].
    let counts: UnsafeMutablePointer<Int>

    /// Bytes of bookkeeping for `pageCount` pages (a lazily touched mapping).
    static func bytes(pageCount: Int) -> Int {
        let blocks = pageCount / blockPages + 1
        return blocks * (words * 8 + 1 + 4) + 3 * 8
    }

    init(zone: Zone<L>, memory: PhysicalMemory, storage: UnsafeMutableRawPointer) {
        let blocks = memory.pageCount / Self.blockPages + 1
        self.zone = zone
        self.memory = memory
        counts = storage.bindMemory(to: Int.self, capacity: 3)
        maps = (storage + 24).bindMemory(to: UInt64.self, capacity: blocks * Self.words)
        stack = (storage + 24 + blocks * Self.words * 8).bindMemory(to: Int32.self, capacity: blocks)
        claimed = (storage + 24 + blocks * (Self.words * 8 + 4)).bindMemory(to: UInt8.self, capacity: blocks)
    }

    /// Free pages held in claimed pageblocks.
    public var heldPages: Int { counts[1] }
    public var claimedBlocks: Int { counts[2] }

    /// Whether `pfn` lies in a claimed pageblock.
    @inline(__always)
    public func holds(_ pfn: Int) -> Bool { claimed[pfn >> Self.blockOrder] != 0 }

    /// One page for a descriptor slab: from the pageblock on top of the stack, or from a
    /// newly claimed one. Nil when no pageblock is free (the caller falls back).
    public func allocate() -> Int? {
        if counts[0] == 0 && !claimBlock() { return nil }
        let block = Int(stack[counts[0] - 1])
        let map = maps + block * Self.words
        var w = 0
        while map[w] == 0 { w += 1 }
        let bit = map[w].trailingZeroBitCount
        map[w] &= map[w] - 1
        counts[1] -= 1
        if (0..<Self.words).allSatisfy({ map[$0] == 0 }) { counts[0] -= 1 }
        return block << Self.blockOrder + w * 64 + bit
    }

    /// A page back to its pageblock.
    public func free(_ pfn: Int) {
        let block = pfn >> Self.blockOrder, index = pfn & (Self.blockPages - 1)
        let map = maps + block * Self.words
        if (0..<Self.words).allSatisfy({ map[$0] == 0 }) {
            stack[counts[0]] = Int32(block)
            counts[0] += 1
        }
        map[index >> 6] |= 1 << UInt64(index & 63)
        counts[1] += 1
    }

    /// `steal_suitable_fallback` claiming a whole free pageblock, mapped with a huge page.
    func claimBlock() -> Bool {
        guard let pfn = zone.allocateBlock(order: Self.blockOrder) else { return false }
        let block = pfn >> Self.blockOrder
        // A free-list store that keeps its links in free memory (`-freemem`) has faulted in
        // 4 KiB pages here, and a 2 MiB range with a page table of 4 KiB pages never gets a
        // THP on fault: the per-round `descriptor_huge_share` read 0 for those layouts. What
        // the block held is dead once it is allocated, so it is mapped afresh.
        Mapping.renewWithHugePage(memory.address(ofPFN: pfn), length: Self.blockPages << PageGeometry.pageShift)
        claimed[block] = 1
        counts[2] += 1
        let map = maps + block * Self.words
        for w in 0..<Self.words { map[w] = ~0 }
        counts[1] += Self.blockPages
        stack[counts[0]] = Int32(block)
        counts[0] += 1
        return true
    }

    /// Give every fully free pageblock back to the buddy allocator.
    public func releaseEmpty() {
        var kept = 0
        for i in 0..<counts[0] {
            let block = Int(stack[i])
            let map = maps + block * Self.words
            if (0..<Self.words).allSatisfy({ map[$0] == ~0 }) {
                for w in 0..<Self.words { map[w] = 0 }
                claimed[block] = 0
                counts[1] -= Self.blockPages
                counts[2] -= 1
                zone.freeBlock(block << Self.blockOrder, order: Self.blockOrder)
            } else {
                stack[kept] = Int32(block)
                kept += 1
            }
        }
        counts[0] = kept
    }

    /// Calls `body` with every page held free.
    public func forEachFreePage(_ body: (Int) -> Void) {
        for i in 0..<counts[0] {
            let block = Int(stack[i])
            for w in 0..<Self.words {
                var bits = maps[block * Self.words + w]
                while bits != 0 {
                    body(block << Self.blockOrder + w * 64 + bits.trailingZeroBitCount)
                    bits &= bits - 1
                }
            }
        }
    }
}
