/// The mixes of `results/states/page-cache.snapshot` (this machine after reading every file
/// under /usr and /opt and building this package; `scripts/snapshot-states`), as
/// `StateMix(pageCacheOf:)` and `StateMix(fullOrder0Of:)` compute them. Written out so that a
/// user without the file or root draws the same machine; `builtInMixesMatchTheSnapshot`
/// checks them against the file and prints the new source after a new snapshot.
extension StateMix {
    static let pageCache = StateMix(filled: Fraction(723705, 3473408), entries: [
        Entry(weight: 197646, kind: .folio, orders: [OrderWeight(179847, 0), OrderWeight(461, 1), OrderWeight(12629, 2), OrderWeight(100, 3), OrderWeight(3004, 4), OrderWeight(48, 5), OrderWeight(907, 6), OrderWeight(37, 7), OrderWeight(209, 8), OrderWeight(404, 9)]),
        Entry(weight: 303, kind: .pageTable, orders: [OrderWeight(303, 0)]),
        Entry(weight: 13120, kind: .slab(objectSize: 256), orders: [OrderWeight(1, 0)]),
        Entry(weight: 4339, kind: .slab(objectSize: 512), orders: [OrderWeight(1, 1)]),
        Entry(weight: 10037, kind: .slab(objectSize: 1024), orders: [OrderWeight(1, 2)]),
        Entry(weight: 174, kind: .slab(objectSize: 2048), orders: [OrderWeight(1, 3)]),
        Entry(weight: 53358, kind: .untyped, orders: [OrderWeight(53311, 0), OrderWeight(3, 2), OrderWeight(38, 3), OrderWeight(1, 4), OrderWeight(2, 5), OrderWeight(3, 9)]),
    ])

    static let fullOrder0 = StateMix(filled: Fraction(95, 100), entries: [
        Entry(weight: 660064, kind: .folio, orders: [OrderWeight(1, 0)]),
        Entry(weight: 303, kind: .pageTable, orders: [OrderWeight(303, 0)]),
        Entry(weight: 13120, kind: .slab(objectSize: 256), orders: [OrderWeight(1, 0)]),
        Entry(weight: 4339, kind: .slab(objectSize: 512), orders: [OrderWeight(1, 1)]),
        Entry(weight: 10037, kind: .slab(objectSize: 1024), orders: [OrderWeight(1, 2)]),
        Entry(weight: 174, kind: .slab(objectSize: 2048), orders: [OrderWeight(1, 3)]),
    ])
}
