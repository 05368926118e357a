extension StateMix {
    static let fullOrder0 = StateMix(filled: (95, 100), entries: [Entry(weight: 1, kind: .folio, orders: [(1, 0)])])
    static let pageCache = StateMix(filled: (95, 100), entries: [Entry(weight: 1, kind: .folio, orders: [(1, 0)])])
}
