/// Rebuilds a snapshot in a machine, block by block at the snapshot's positions.
///
/// Memory is cut into windows of one largest buddy block (2^`maxOrder` pages, 4 MiB): every
/// block the buddy allocator or a folio can have lies inside one, so windows can be moved
/// whole. Windows that are all hole (offline memory) are dropped; the machine's window `i`
/// replays the snapshot's window `i * W / A` of the `W` left, for a machine of `A` windows.
/// A machine of the snapshot's usable size gets it exactly; a smaller one an evenly spaced
/// sample, a larger one the windows repeated. pfns are the snapshot's within each window.
///
/// Two passes: first every allocated block is claimed from the buddy allocator, then the
/// memdescs are made, so the descriptors of the small layouts (slab objects themselves) take
/// pages the snapshot had free, not pages of a block still to come. Larger-than-`maxOrder`
/// blocks (1 GiB HugeTLB folios) come from memblock or CMA, not the buddy allocator, and are
/// replayed as reserved memory.
enum SnapshotReplay {
    /// A block inside a window.
    struct Block: Equatable {
        var kind: Snapshot.Kind
        var order: Int
        /// First pfn, relative to the window.
        var offset: Int
        var count: Int
    }

    static let windowOrder = PageGeometry.maxOrder
    static let windowPages = 1 << windowOrder

    /// The snapshot's windows with something other than holes in them.
    static func windows(_ snapshot: Snapshot) -> [[Block]] {
        var windows: [[Block]] = [[]]
        var offset = 0
        func add(_ kind: Snapshot.Kind, _ order: Int, _ count: Int) {
            var left = count
            while left > 0 {
                if offset == windowPages {
                    windows.append([])
                    offset = 0
                }
                let fit = min(left, (windowPages - offset) >> order)
                windows[windows.count - 1].append(Block(kind: kind, order: order, offset: offset, count: fit))
                offset += fit << order
                left -= fit
            }
        }
        for run in snapshot.runs {
            if run.order > windowOrder {
                add(.reserved, windowOrder, run.count << (run.order - windowOrder))
            } else {
                add(run.kind, run.order, run.count)
            }
        }
        return windows.filter { !$0.allSatisfy { $0.kind == .hole } }
    }

    /// The snapshot window each of a machine's `pageCount / windowPages` windows replays.
    static func selection(windows: Int, pageCount: Int) -> [Int] {
        let count = pageCount / windowPages
        return (0..<count).map { $0 * windows / count }
    }

    /// Blocks per kind and order that replaying `snapshot` on `pageCount` pages places
    /// (what a test expects to find; free blocks as the snapshot has them).
    static func expectedBlocks(_ snapshot: Snapshot, pageCount: Int) -> [Snapshot.Kind: [Int: Int]] {
        let windows = windows(snapshot)
        var result: [Snapshot.Kind: [Int: Int]] = [:]
        for w in selection(windows: windows.count, pageCount: pageCount) {
            for b in windows[w] { result[b.kind, default: [:]][b.order, default: 0] += b.count }
        }
        return result
    }
}

extension SnapshotReplay {
    /// The allocated blocks a machine of `pageCount` pages gets, at their pfns.
    static func placements(_ snapshot: Snapshot, pageCount: Int) -> [(kind: Snapshot.Kind, pfn: Int, order: Int)] {
        let windows = windows(snapshot)
        var result: [(kind: Snapshot.Kind, pfn: Int, order: Int)] = []
        for (i, w) in selection(windows: windows.count, pageCount: pageCount).enumerated() {
            let base = i * windowPages
            for b in windows[w] where b.kind.isAllocated {
                for k in 0..<b.count { result.append((b.kind, base + b.offset + (k << b.order), b.order)) }
            }
        }
        // Pages beyond the last whole window are holes.
        for pfn in pageCount / windowPages * windowPages..<pageCount { result.append((.hole, pfn, 0)) }
        return result
    }
}

extension FilledMachine {
    /// Replays `snapshot` into `machine`, which must be fresh (every page free).
    init<L: PageLayout>(_ machine: borrowing Machine<L>, replaying snapshot: Snapshot) {
        let blocks = SnapshotReplay.placements(snapshot, pageCount: machine.pageCount)
        let handles = blocks.reduce(0) { [.fileFolio, .anonFolio, .hugetlb, .pageTable].contains($1.kind) ? $0 + 1 : $0 }
        self.init(pageCapacity: handles, objectCapacity: 0)
        for b in blocks {
            let claimed = machine.claim(b.pfn, order: b.order)
            precondition(claimed, "pfn \(b.pfn) order \(b.order) of the snapshot was not free in a fresh machine")
        }
        for b in blocks {
            switch b.kind {
            case .hole, .reserved, .kernel:
                machine.reserve(b.pfn, order: b.order)
                untypedPages += 1 << b.order
            case .fileFolio, .anonFolio, .hugetlb, .pageTable:
                if let md = machine.place(b.kind == .pageTable ? .pageTable : .folio, at: b.pfn, order: b.order) {
                    pages.append(md)
                } else {
                    failures += 1
                }
            case .slab:
                if machine.placeFullSlab(at: b.pfn, order: b.order) != nil {
                    placedSlabPages += 1 << b.order
                } else {
                    failures += 1
                }
            case .free:
                break
            }
        }
    }
}
