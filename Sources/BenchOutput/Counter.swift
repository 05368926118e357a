/// A typed extra result of a row (`retry_rate`, `gets`, `free_blocks_order_3`), so readers
/// get numbers by name instead of parsing free text in `note`.
public struct Counter: Hashable, Sendable {
    public var name: String
    public var value: Double

    public init(_ name: String, _ value: Double) {
        self.name = name
        self.value = value
    }
}

/// The `counters` column: a one-line JSON object of numbers, keys in the row's order,
/// e.g. `{"retry_rate":0.0012,"gets":40960}`; `{}` when there are none.
///
/// Written and read by hand rather than with JSONSerialization, which loses key order and
/// would accept nested values. JSON has no NaN or infinity: a non-finite value is written
/// as `null` and read back as NaN ("not measured").
enum CounterText {
    static func encode(_ counters: [Counter]) -> String {
        "{" + counters.map { counter in
            JSON.string(counter.name) + ":" + (counter.value.isFinite ? NumberText.roundTrip(counter.value) : "null")
        }.joined(separator: ",") + "}"
    }

    /// Parses what `encode` writes (whitespace between tokens is allowed). Throws a one-line
    /// message saying what was expected where, without the location (the caller adds it).
    static func decode(_ text: String) throws(BenchOutputError) -> [Counter] {
        var parser = Parser(bytes: Array(text.utf8))
        return try parser.object()
    }

    private struct Parser {
        let bytes: [UInt8]
        var i = 0

        mutating func object() throws(BenchOutputError) -> [Counter] {
            try expect(UInt8(ascii: "{"), "an object starting with {")
            var counters: [Counter] = []
            if peek() == UInt8(ascii: "}") {
                i += 1
            } else {
                while true {
                    let name = try string()
                    try expect(UInt8(ascii: ":"), "':' after \(JSON.string(name))")
                    counters.append(Counter(name, try number(after: name)))
                    skipSpace()
                    if peek() == UInt8(ascii: ",") { i += 1; continue }
                    try expect(UInt8(ascii: "}"), "',' or '}' after the value of \(JSON.string(name))")
                    break
                }
            }
            skipSpace()
            guard i == bytes.count else { throw BenchOutputError("unexpected \(found) after the closing }") }
            return counters
        }

        private mutating func string() throws(BenchOutputError) -> String {
            try expect(UInt8(ascii: "\""), "a quoted counter name")
            var scalars = String.UnicodeScalarView()
            var raw: [UInt8] = []
            func flush() {
                scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars)
                raw.removeAll()
            }
            while i < bytes.count {
                let b = bytes[i]
                i += 1
                switch b {
                case UInt8(ascii: "\""):
                    flush()
                    return String(scalars)
                case UInt8(ascii: "\\"):
                    flush()
                    guard i < bytes.count else { break }
                    let e = bytes[i]
                    i += 1
                    switch e {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scalars.append(Unicode.Scalar(e))
                    case UInt8(ascii: "n"): scalars.append("\n")
                    case UInt8(ascii: "r"): scalars.append("\r")
                    case UInt8(ascii: "t"): scalars.append("\t")
                    case UInt8(ascii: "b"): scalars.append("\u{08}")
                    case UInt8(ascii: "f"): scalars.append("\u{0C}")
                    case UInt8(ascii: "u"):
                        guard i + 4 <= bytes.count,
                              let code = UInt32(String(decoding: bytes[i..<i + 4], as: UTF8.self), radix: 16),
                              let scalar = Unicode.Scalar(code) else { throw BenchOutputError("bad \\u escape in a counter name") }
                        i += 4
                        scalars.append(scalar)
                    default: throw BenchOutputError("bad escape in a counter name")
                    }
                case 0..<0x20: throw BenchOutputError("control character in a counter name")
                default: raw.append(b)
                }
            }
            throw BenchOutputError("counter name is never closed")
        }

        /// A JSON number (no hex, no `nan`, no leading `+` or zeros) or `null`.
        private mutating func number(after name: String) throws(BenchOutputError) -> Double {
            skipSpace()
            let start = i
            while i < bytes.count, Self.tokenBytes.contains(bytes[i]) { i += 1 }
            let token = String(decoding: bytes[start..<i], as: UTF8.self)
            if token == "null" { return .nan }
            guard Self.isJSONNumber(token), let value = Double(token) else {
                i = start
                throw BenchOutputError("counter \(JSON.string(name)): expected a number, found \(token.isEmpty ? found : "\"\(token)\"")")
            }
            return value
        }

        /// Scanned as one token so a message shows the whole bad value (`0x10`, `nan`).
        private static let tokenBytes = Set("+-.0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)

        /// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
        private static func isJSONNumber(_ token: String) -> Bool {
            var s = Substring(token)
            func digits() -> Int {
                let count = s.prefix { $0.isASCII && $0.isNumber }.count
                s = s.dropFirst(count)
                return count
            }
            if s.first == "-" { s = s.dropFirst() }
            if s.first == "0" { s = s.dropFirst() } else if digits() == 0 { return false }
            if s.first == "." { s = s.dropFirst(); if digits() == 0 { return false } }
            if s.first == "e" || s.first == "E" {
                s = s.dropFirst()
                if s.first == "+" || s.first == "-" { s = s.dropFirst() }
                if digits() == 0 { return false }
            }
            return s.isEmpty
        }

        private mutating func expect(_ byte: UInt8, _ what: String) throws(BenchOutputError) {
            skipSpace()
            guard peek() == byte else {
                throw BenchOutputError("expected \(what), found \(found)")
            }
            i += 1
        }

        private func peek() -> UInt8? { i < bytes.count ? bytes[i] : nil }

        private mutating func skipSpace() {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
        }

        /// The byte at the cursor for a message, kept on one line.
        private var found: String {
            guard i < bytes.count else { return "the end" }
            let b = bytes[i]
            return (0x21..<0x7F).contains(b) ? "\"\(Character(Unicode.Scalar(b)))\"" : "byte 0x" + String(b, radix: 16)
        }
    }
}
