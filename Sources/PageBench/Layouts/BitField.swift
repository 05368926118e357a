/// A field of bits inside a descriptor word, as a C bit-field would declare it
/// (`order:4`). The small pages state their words as these, and `describe` prints them
/// from the same values the code uses.
public struct BitField {
    public let name: String
    public let shift: Int
    public let width: Int

    @inline(__always)
    public init(_ name: String, shift: Int, width: Int) {
        self.name = name
        self.shift = shift
        self.width = width
    }

    /// The field's bits in place.
    @inline(__always) public var mask: UInt64 { (UInt64.max >> UInt64(64 - width)) << UInt64(shift) }
    /// The largest value the field holds.
    @inline(__always) public var maxValue: UInt64 { UInt64.max >> UInt64(64 - width) }

    @inline(__always)
    public func get(_ word: UInt64) -> UInt64 { (word >> UInt64(shift)) & maxValue }

    /// `word` with the field set to `value` (truncated to the field).
    @inline(__always)
    public func set(_ value: UInt64, in word: UInt64) -> UInt64 { word & ~mask | (value << UInt64(shift)) & mask }

    /// `value` in place, the other bits clear.
    @inline(__always)
    public func word(_ value: UInt64) -> UInt64 { (value << UInt64(shift)) & mask }

    /// `name:width`, for `describe`.
    public var described: String { "\(name):\(width)" }
}
