/// A machine state drawn at random: allocations of the entries' kinds and orders, in
/// proportion to their weights (per allocation, not per page), interleaved by a seeded
/// generator so every kind is spread over the whole arena, until `filled` of the pages
/// are allocated.
struct StateMix: Equatable {
    enum Kind: Equatable {
        case folio, pageTable, netmem
        /// kmalloc objects of `objectSize` bytes, enough to fill 2^order pages of slab.
        case slab(objectSize: Int)
        /// Pages without a memdesc (`Machine.allocateUntyped`).
        case untyped
    }

    struct Entry: Equatable {
        var weight: Int
        var kind: Kind
        /// Draws among orders; one order draws nothing.
        var orders: [OrderWeight]
    }

    struct OrderWeight: Equatable {
        var weight: Int
        var order: Int
        init(_ weight: Int, _ order: Int) {
            self.weight = weight
            self.order = order
        }
    }

    /// Allocated pages / all pages, as a fraction.
    struct Fraction: Equatable {
        var numerator: Int
        var denominator: Int
        init(_ numerator: Int, _ denominator: Int) {
            self.numerator = numerator
            self.denominator = denominator
        }
    }

    var filled: Fraction
    var entries: [Entry]

    /// The original set-up: half of the pages, 86 % of allocations folios of page-cache
    /// orders (80 % order 0, 7 % order 2, 5 % each order 3 and 4, 3 % order 9), 5 % page
    /// tables, 5 % page_pool pages of orders 0-2, 4 % a page of 512-byte kmalloc objects.
    /// By pages: about 86 % THP, 11 % small folios, under 1 % each of the rest.
    static let halfFull = StateMix(filled: Fraction(1, 2), entries: [
        Entry(weight: 4, kind: .slab(objectSize: 512), orders: [OrderWeight(1, 0)]),
        Entry(weight: 5, kind: .pageTable, orders: [OrderWeight(1, 0)]),
        Entry(weight: 5, kind: .netmem, orders: [OrderWeight(1, 0), OrderWeight(1, 1), OrderWeight(1, 2)]),
        Entry(weight: 86, kind: .folio, orders: pageCacheOrderWeights),
    ])

    /// `pageCacheOrder`'s distribution.
    static let pageCacheOrderWeights = [OrderWeight(80, 0), OrderWeight(7, 2), OrderWeight(5, 3), OrderWeight(5, 4),
                                        OrderWeight(3, 9)]
}

extension FilledMachine {
    /// Draws `mix` into `machine`; stops at the target or when an order-0 allocation fails.
    init<L: PageLayout>(_ machine: borrowing Machine<L>, mix: StateMix, seed: UInt64) {
        var random = WorkloadRandom(seed: seed)
        let target = machine.pageCount * mix.filled.numerator / mix.filled.denominator
        // At most every allocated page a slab of the smallest objects drawn.
        let smallest = mix.entries.compactMap { if case .slab(let size) = $0.kind { size } else { nil } }.min()
        self.init(pageCapacity: target, objectCapacity: smallest.map { target * (PageGeometry.pageSize / $0) } ?? 0)
        let total = mix.entries.reduce(0) { $0 + $1.weight }
        var used = 0
        while used < target {
            var roll = random.below(total)
            let entry = mix.entries.first { roll -= $0.weight; return roll < 0 }!
            var order = entry.orders[0].order
            if entry.orders.count > 1 {
                var pick = random.below(entry.orders.reduce(0) { $0 + $1.weight })
                order = entry.orders.first { pick -= $0.weight; return pick < 0 }!.order
            }
            guard used + (1 << order) <= target else { continue }
            let done: Bool
            switch entry.kind {
            case .folio, .pageTable, .netmem:
                let type: MemdescType = entry.kind == .folio ? .folio : entry.kind == .pageTable ? .pageTable : .netmem
                let md = machine.allocate(order: order, type: type)
                if let md { pages.append(md) }
                done = md != nil
            case .slab(let size):
                done = fillSlab(machine, objectSize: size, pages: 1 << order)
            case .untyped:
                done = machine.allocateUntyped(order: order)
                if done { untypedPages += 1 << order }
            }
            if !done {
                if order == 0 { return }
                continue
            }
            used += 1 << order
        }
    }

    /// kmalloc objects of `size` bytes, as many as fill `pages` pages.
    mutating func fillSlab<L: PageLayout>(_ machine: borrowing Machine<L>, objectSize size: Int, pages: Int) -> Bool {
        for _ in 0..<pages * PageGeometry.pageSize / size {
            guard objects.count < objects.capacity, let p = machine.kmalloc(size) else { return false }
            objects.append(p)
        }
        return true
    }
}
