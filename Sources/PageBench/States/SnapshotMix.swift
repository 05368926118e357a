/// Drawn states with the mix of a snapshot: the `page-cache` state is the committed
/// `results/states/page-cache.snapshot` as a mix, and `full-order0` takes that machine's
/// slab and page-table shares. The constants are in `SnapshotMixes.swift`, so a user
/// without the file or root gets the same machine; a test checks they match the file.
extension StateMix {
    /// The kmalloc object size whose slabs have `order` (kmalloc-256 to kmalloc-2k, 16
    /// objects a slab on 2 CPUs: `KmemCache.calculateOrder`).
    static func slabObjectSize(order: Int) -> Int { 256 << min(order, 3) }

    /// Allocated pages over usable pages, and every allocated block drawn per kind and order:
    /// folios of every kind as folios (HugeTLB too), slabs as kmalloc objects filling slabs
    /// of their order, reserved and untyped kernel pages as pages without a memdesc.
    init(pageCacheOf snapshot: Snapshot) {
        let pages = snapshot.pages, blocks = snapshot.blocks
        let usable = snapshot.pageCount - (pages[.hole] ?? 0)
        let allocated = usable - (pages[.free] ?? 0)
        func orders(_ kinds: [Snapshot.Kind]) -> [OrderWeight] {
            var byOrder: [Int: Int] = [:]
            for kind in kinds { for (order, n) in blocks[kind] ?? [:] { byOrder[order, default: 0] += n } }
            return byOrder.sorted { $0.key < $1.key }.map { OrderWeight($0.value, $0.key) }
        }
        var entries: [Entry] = []
        func add(_ kind: Kind, _ kinds: [Snapshot.Kind]) {
            let o = orders(kinds)
            guard !o.isEmpty else { return }
            entries.append(Entry(weight: o.reduce(0) { $0 + $1.weight }, kind: kind, orders: o))
        }
        add(.folio, [.fileFolio, .anonFolio, .hugetlb])
        add(.pageTable, [.pageTable])
        for order in orders([.slab]).map(\.order) {
            let n = blocks[.slab]![order]!
            entries.append(Entry(weight: n, kind: .slab(objectSize: Self.slabObjectSize(order: order)),
                                 orders: [OrderWeight(1, order)]))
        }
        add(.untyped, [.kernel, .reserved])
        self.init(filled: Fraction(allocated, usable), entries: entries)
    }

    /// 95 % of the pages allocated: the snapshot's slab and page-table pages, the rest of
    /// its allocated pages as order-0 folios.
    init(fullOrder0Of snapshot: Snapshot) {
        let mix = StateMix(pageCacheOf: snapshot)
        let slabAndTables = mix.entries.filter { $0.kind != .folio && $0.kind != .untyped }
        let pages = snapshot.pages
        let allocated = snapshot.pageCount - (pages[.hole] ?? 0) - (pages[.free] ?? 0)
        let folios = allocated - (pages[.slab] ?? 0) - (pages[.pageTable] ?? 0)
        self.init(filled: Fraction(95, 100),
                  entries: [Entry(weight: folios, kind: .folio, orders: [OrderWeight(1, 0)])] + slabAndTables)
    }

    /// The mix as the Swift that states it (for `SnapshotMixes.swift`).
    func swiftSource(name: String) -> String {
        func kind(_ k: Kind) -> String {
            switch k {
            case .folio: ".folio"
            case .pageTable: ".pageTable"
            case .netmem: ".netmem"
            case .untyped: ".untyped"
            case .slab(let size): ".slab(objectSize: \(size))"
            }
        }
        var text = "    static let \(name) = StateMix(filled: Fraction(\(filled.numerator), \(filled.denominator)), entries: [\n"
        for e in entries {
            let orders = e.orders.map { "OrderWeight(\($0.weight), \($0.order))" }.joined(separator: ", ")
            text += "        Entry(weight: \(e.weight), kind: \(kind(e.kind)), orders: [\(orders)]),\n"
        }
        return text + "    ])\n"
    }
}
