import PageBench
import Testing

/// A test body that runs once per layout. Conforming types are the generic suite: every
/// `LayoutID` case runs every one of them, so a new layout gets them all for free.
protocol LayoutTest {
    static func run<L: PageLayout>(_ layout: L.Type) throws
}

struct Run<T: LayoutTest>: LayoutVisitor {
    mutating func visit<L: PageLayout>(_ layout: L.Type) -> Result<Void, any Error> {
        Result { try T.run(layout) }
    }
}

func run<T: LayoutTest>(_ test: T.Type, on id: LayoutID) throws {
    var visitor = Run<T>()
    try id.visit(&visitor).get()
}

/// Every invariant holds, or the test records each broken one.
func expectSound<L>(_ machine: borrowing Machine<L>, expected: Set<Memdesc>? = nil,
                    _ comment: String = "", sourceLocation: SourceLocation = #_sourceLocation) {
    let problems = machine.checkInvariants(expected: expected)
    #expect(problems.isEmpty, "\(L.name) \(comment): \(problems.joined(separator: "; "))",
            sourceLocation: sourceLocation)
}

/// xorshift64*: a small, seedable generator for test sequences.
struct TestRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }
    mutating func next() -> UInt64 {
        state ^= state >> 12; state ^= state << 25; state ^= state >> 27
        return state &* 0x2545_F491_4F6C_DD1D
    }
    mutating func below(_ n: Int) -> Int { Int(next().multipliedFullWidth(by: UInt64(n)).high) }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
}
