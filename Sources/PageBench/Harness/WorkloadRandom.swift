/// The workloads' random numbers: xorshift64*, the same generator as the C floor's
/// `floor_random_next`, so a layout and its floor row see the same pfn sequence.
public struct WorkloadRandom {
    public var state: UInt64

    public init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }

    @inline(__always)
    public mutating func next() -> UInt64 {
        var x = state
        x ^= x >> 12
        x ^= x << 25
        x ^= x >> 27
        state = x
        return x &* 0x2545_F491_4F6C_DD1D
    }

    /// Uniform in `0..<n` by a multiply-high (no division).
    @inline(__always)
    public mutating func below(_ n: Int) -> Int {
        Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(n)).high)
    }

    /// `items` in a uniformly random order (Fisher-Yates).
    mutating func shuffled<T>(_ items: [T]) -> [T] {
        var items = items
        for i in stride(from: items.count - 1, to: 0, by: -1) { items.swapAt(i, below(i + 1)) }
        return items
    }

    /// The generator `count` numbers further on.
    public func skipping(_ count: Int) -> WorkloadRandom {
        var copy = self
        for _ in 0..<count { _ = copy.next() }
        return copy
    }
}
