/// The workloads' random numbers: xorshift64*, the same generator as the C floor's
/// `floor_random_next`, so a layout and its floor row see the same pfn sequence.
public struct WorkloadRandom {
    public var state: UInt64

    public init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }

    @inline(__always)
    public mutating func next() -> UInt64 {
        state = Self.advance(state)
        return state &* 0x2545_F491_4F6C_DD1D
    }

    /// xorshift64's state update.
    @inline(__always)
    static func advance(_ state: UInt64) -> UInt64 {
        var x = state
        x ^= x >> 12
        x ^= x << 25
        x ^= x >> 27
        return x
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

    /// The generator `count` numbers further on, in O(log count) steps: xorshift's step is
    /// linear over GF(2), so `count` steps are one 64x64 bit matrix, T^count, made by
    /// repeated squaring of T (the textbook jump-ahead of an F2-linear generator).
    public func skipping(_ count: Int) -> WorkloadRandom {
        precondition(count >= 0, "a generator cannot step back")
        var copy = self, power = StepMatrix.step, n = count
        while n > 0 {
            if n & 1 == 1 { copy.state = power.apply(copy.state) }
            power = power.composed(with: power)
            n >>= 1
        }
        return copy
    }
}

/// A linear map of 64-bit states over GF(2), as the images of the 64 unit vectors.
private struct StepMatrix {
    var columns: [UInt64]

    /// One step of `next`'s state update.
    static let step = StepMatrix(columns: (0..<64).map { WorkloadRandom.advance(1 << $0) })

    func apply(_ v: UInt64) -> UInt64 {
        var out: UInt64 = 0, bits = v
        while bits != 0 {
            out ^= columns[bits.trailingZeroBitCount]
            bits &= bits - 1
        }
        return out
    }

    /// `self` after `other`.
    func composed(with other: StepMatrix) -> StepMatrix { StepMatrix(columns: other.columns.map(apply)) }
}
