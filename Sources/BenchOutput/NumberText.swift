import Foundation

/// How numbers are spelled in every output format.
///
/// Fixed decimals rather than Swift's shortest round-trip form, so that columns line up and
/// diffs between runs only show real changes: nanoseconds get 3 decimals (picoseconds are
/// already below timer resolution), bytes per page get 2, ratios get 3.
enum NumberText {
    static func nanoseconds(_ value: Double) -> String { fixed(value, decimals: 3) }
    static func bytesPerPage(_ value: Double) -> String { fixed(value, decimals: 2) }
    static func ratio(_ value: Double) -> String { fixed(value, decimals: 3) }

    /// `0x` followed by lowercase hex, no padding: short checksums stay short.
    static func hex(_ value: UInt64) -> String { "0x" + String(value, radix: 16) }

    /// Accepts what `hex` writes, and plain decimal for hand-written files.
    static func parseChecksum(_ text: String) -> UInt64? {
        if text.hasPrefix("0x") || text.hasPrefix("0X") {
            let digits = text.dropFirst(2)
            return digits.isEmpty ? nil : UInt64(digits, radix: 16)
        }
        return UInt64(text)
    }

    /// Exact text for values that are read back and computed on (counters, per-round
    /// samples): whole numbers without a fraction (`40960`), others in the shortest form that
    /// reads back to the same Double (`0.0012`, `1e-07`).
    static func roundTrip(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return value.isNaN ? "nan" : value.description
    }

    /// 1 to 3 decimals by size, for people: `882.6`, `31.2`, `5.91`, `0.232`; below 0.1,
    /// three significant digits (`0.0123`).
    static func readable(_ value: Double) -> String {
        guard value.isFinite else { return fixed(value, decimals: 0) }
        let magnitude = abs(value)
        let decimals: Int
        switch magnitude {
        case 0, 10...: decimals = 1
        case 1..<10: decimals = 2
        case 0.1..<1: decimals = 3
        default: decimals = min(8, 2 - Int(log10(magnitude).rounded(.down)))
        }
        return fixed(value, decimals: decimals)
    }

    static func fixed(_ value: Double, decimals: Int) -> String {
        // NaN and infinities come out as `nan`, `inf`, `-inf`, which `Double(_:)` reads back.
        guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
        return String(format: "%.\(decimals)f", value)
    }
}
