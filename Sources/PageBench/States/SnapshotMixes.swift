extension StateMix {
    static let fullOrder0 = StateMix(filled: Fraction(95, 100), entries: [Entry(weight: 1, kind: .folio, orders: [OrderWeight(1, 0)])])
    static let pageCache = StateMix(filled: Fraction(95, 100), entries: [Entry(weight: 1, kind: .folio, orders: [OrderWeight(1, 0)])])
}
