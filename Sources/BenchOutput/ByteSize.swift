/// Sizes on the command line, like `--arena 64MiB`.
///
/// Units are always binary (K = 1024), as in the kernel's `memparse()`: `64M`, `64MB` and
/// `64MiB` all mean 64 × 2^20 bytes. A fraction is accepted only when it comes to a whole
/// number of bytes (`1.5GiB` yes, `1.3KiB` no).
public enum ByteSize {
    private static let units: [(suffix: String, shift: Int)] = [
        ("TiB", 40), ("GiB", 30), ("MiB", 20), ("KiB", 10),
    ]

    /// Parses a positive size. Throws a one-line `BenchOutputError` naming the accepted forms.
    public static func parse(_ text: String) throws(BenchOutputError) -> Int {
        guard let bytes = bytes(text), bytes > 0 else {
            throw BenchOutputError(
                "invalid size \"\(text)\": use a positive whole number of bytes, or a number with K, M, G or T "
                + "(KiB, MiB, GiB, TiB; binary), e.g. 64MiB or 4G")
        }
        return bytes
    }

    /// The shortest exact spelling: the largest unit that divides `bytes`, e.g. `1536KiB`,
    /// `64MiB`, `4097B`. `parse` reads it back (except for 0, which `parse` rejects).
    public static func format(_ bytes: Int) -> String {
        guard bytes != 0 else { return "0B" }
        for unit in units where bytes % (1 << unit.shift) == 0 {
            return "\(bytes >> unit.shift)\(unit.suffix)"
        }
        return "\(bytes)B"
    }

    /// A size for prose, rounded: the largest unit it reaches, one decimal below 10 of it,
    /// e.g. `5.7 MiB` for 5792 KiB, `181 MiB`, `64 GiB`. Not for `parse`.
    public static func approximate(_ bytes: Int) -> String {
        guard let unit = units.first(where: { bytes >= 1 << $0.shift }) else { return "\(bytes) B" }
        let value = Double(bytes) / Double(1 << unit.shift)
        let decimals = value < 9.95 && value != value.rounded() ? 1 : 0
        return NumberText.fixed(value, decimals: decimals) + " " + unit.suffix
    }

    /// nil for anything malformed or too large for `Int`.
    private static func bytes(_ text: String) -> Int? {
        let ascii = Array(text.utf8)
        var i = 0
        func digits() -> ArraySlice<UInt8> {
            let start = i
            while i < ascii.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(ascii[i]) { i += 1 }
            return ascii[start..<i]
        }

        let whole = digits()
        var fraction: ArraySlice<UInt8> = []
        if i < ascii.count, ascii[i] == UInt8(ascii: ".") {
            i += 1
            fraction = digits()
            guard !fraction.isEmpty else { return nil }
        }
        guard !whole.isEmpty else { return nil }
        guard let shift = shift(forUnit: String(decoding: ascii[i...], as: UTF8.self)) else { return nil }

        // Exact arithmetic: (whole.fraction × 2^shift) must be an integer.
        guard let wholeValue = Int(String(decoding: whole, as: UTF8.self)) else { return nil }
        var value = wholeValue.multipliedReportingOverflow(by: 1 << shift)
        guard !value.overflow else { return nil }
        if !fraction.isEmpty {
            // fraction / 10^k of one unit, which must be a whole number of bytes.
            guard fraction.count <= 18, let numerator = Int(String(decoding: fraction, as: UTF8.self)) else { return nil }
            var denominator = 1
            for _ in fraction { denominator *= 10 }
            let product = numerator.multipliedFullWidth(by: 1 << shift)
            let (extra, remainder) = denominator.dividingFullWidth(product)  // < 2^shift: cannot trap
            guard remainder == 0 else { return nil }
            value = value.partialValue.addingReportingOverflow(extra)
            guard !value.overflow else { return nil }
        }
        return value.partialValue
    }

    /// `""`/`B` → 0, `K`/`KB`/`KiB` → 10, … `T`/`TB`/`TiB` → 40; any case.
    private static func shift(forUnit unit: String) -> Int? {
        switch unit.lowercased() {
        case "", "b": return 0
        case "k", "kb", "kib": return 10
        case "m", "mb", "mib": return 20
        case "g", "gb", "gib": return 30
        case "t", "tb", "tib": return 40
        default: return nil
        }
    }
}
