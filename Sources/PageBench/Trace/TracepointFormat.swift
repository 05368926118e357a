/// A tracepoint's `format` file (tracefs `events/<system>/<name>/format`): its id, where each
/// field sits in the event's record, and the tables its `print fmt` turns flags and enums
/// into names with. The ring buffer holds a record's fields raw; `RawTraceDecoder` reads them
/// from these offsets and prints flags and symbols as `trace_pipe` would, so both readers
/// give the same strings (`record --check-text` compares them).
struct TracepointFormat {
    struct Field: Equatable {
        var offset: Int
        var size: Int
        var isSigned: Bool
    }

    /// The record's `common_type`.
    var id: UInt16
    var fields: [String: Field]
    /// `__print_flags(REC->field, "delimiter", {mask, "name"}, ...)`, by field.
    var flagTables: [String: FlagTable]
    /// `__print_symbolic(REC->field, {value, "name"}, ...)`, by field.
    var symbolTables: [String: [(value: UInt64, name: String)]]

    /// Reads a `format` file, or says what is wrong with it.
    static func parse(_ text: String) -> Result<TracepointFormat, RecordError> {
        var id: UInt16?
        var fields: [String: Field] = [:]
        var printFormat = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.hasPrefix("ID:") {
                id = UInt16(trimmedSpace(trimmed.dropFirst(3)))
            } else if trimmed.hasPrefix("field:") {
                guard let (name, field) = Self.field(trimmed) else { return .failure(RecordError("cannot read '\(trimmed)'")) }
                fields[name] = field
            } else if trimmed.hasPrefix("print fmt:") {
                printFormat = String(trimmed.dropFirst("print fmt:".count))
            }
        }
        guard let id else { return .failure(RecordError("no ID line")) }
        var flagTables: [String: FlagTable] = [:]
        var symbolTables: [String: [(value: UInt64, name: String)]] = [:]
        var scan = PrintFormatScanner(printFormat)
        // A table it cannot evaluate is left out: the decoder refuses a format only for the
        // tables it prints with (`RawTraceDecoder.init`).
        while let call = scan.nextCall() {
            guard let entries = scan.table() else { continue }
            switch call.function {
            case "__print_flags": flagTables[call.field] = FlagTable(delimiter: call.delimiter ?? "", entries: entries)
            default: symbolTables[call.field] = entries.map { (value: $0.mask, name: $0.name) }
            }
        }
        return .success(TracepointFormat(id: id, fields: fields, flagTables: flagTables, symbolTables: symbolTables))
    }

    /// `field:unsigned long pfn;	offset:8;	size:8;	signed:0;`: the name is the declaration's
    /// last word, without an array's brackets (`__data_loc char[] name`).
    private static func field(_ line: Substring) -> (String, Field)? {
        let parts = line.split(separator: ";").map(trimmedSpace)
        guard parts.count >= 4, parts[0].hasPrefix("field:") else { return nil }
        var values: [String: Int] = [:]
        for part in parts.dropFirst() {
            let kv = part.split(separator: ":", maxSplits: 1)
            if kv.count == 2, let n = Int(kv[1]) { values[String(kv[0])] = n }
        }
        guard let name = parts[0].split(separator: " ").last.map({ String($0.prefix { $0 != "[" }) }), !name.isEmpty,
              let offset = values["offset"], let size = values["size"], let signed = values["signed"] else { return nil }
        return (name, Field(offset: offset, size: size, isSigned: signed != 0))
    }
}

/// A `__print_flags` table and how the kernel prints a value with it
/// (kernel/trace/trace_output.c, `trace_print_flags_seq`).
struct FlagTable {
    var delimiter: String
    var entries: [(mask: UInt64, name: String)]

    /// The entries in order: each whose bits are all set is printed and its bits cleared;
    /// bits left over are printed as hexadecimal.
    func print(_ value: UInt64) -> String {
        var flags = value, out = ""
        for entry in entries where flags != 0 {
            guard flags & entry.mask == entry.mask else { continue }
            if !out.isEmpty { out += delimiter }
            out += entry.name
            flags &= ~entry.mask
        }
        if flags != 0 {
            if !out.isEmpty { out += delimiter }
            out += "0x" + String(flags, radix: 16)
        }
        return out
    }
}

/// A cursor over a `print fmt`: the table arguments of its `__print_flags` and
/// `__print_symbolic` calls, whose values are C constant expressions
/// (`(( gfp_t)((((1UL))) << (10)))|...`): integer literals, casts, `( )`, `~`, `-`, `<<`, `>>`,
/// `&`, `^`, `|`, `+`, evaluated in 64-bit unsigned arithmetic, as `unsigned long` is on
/// x86-64, with C's precedence.
struct PrintFormatScanner {
    private let text: [UInt8]
    private var i = 0

    init(_ text: String) { self.text = Array(text.utf8) }

    /// The value of `expression`, nil unless all of it is one.
    static func evaluate(_ expression: String) -> UInt64? {
        var scan = PrintFormatScanner(expression)
        guard let value = scan.binary(0) else { return nil }
        scan.skipSpaces()
        return scan.i == scan.text.count ? value : nil
    }

    /// The next `__print_flags(REC->field, "delimiter", ` or `__print_symbolic(REC->field, `,
    /// leaving the scanner at its table.
    mutating func nextCall() -> (function: String, field: String, delimiter: String?)? {
        while i < text.count {
            for function in ["__print_flags", "__print_symbolic"] where take(function + "(") {
                skipSpaces()
                guard take("REC->") else { continue }
                let field = word()
                skipSpaces()
                guard take(",") else { continue }
                skipSpaces()
                var delimiter: String?
                if function == "__print_flags" {
                    guard let d = quoted() else { continue }
                    delimiter = d
                    skipSpaces()
                    guard take(",") else { continue }
                }
                return (function, field, delimiter)
            }
            i += 1
        }
        return nil
    }

    /// `{expr, "name"}, ...` up to the call's closing parenthesis.
    mutating func table() -> [(mask: UInt64, name: String)]? {
        var entries: [(mask: UInt64, name: String)] = []
        while true {
            skipSpaces()
            if take(")") { return entries }
            if take(",") { continue }
            guard take("{"), let value = binary(0) else { return nil }
            skipSpaces()
            guard take(",") else { return nil }
            skipSpaces()
            guard let name = quoted() else {
                // The table's end, `{ -1, NULL }` or `{ 0, ((void *)0) }` (trace_events.h).
                while let c = current, c != UInt8(ascii: "}") { i += 1 }
                guard take("}") else { return nil }
                continue
            }
            skipSpaces()
            guard take("}") else { return nil }
            entries.append((value, name))
        }
    }

    // MARK: constant expressions

    /// Binary operators from the loosest: | ^ & (<< >>) (+ -).
    private static let levels: [[String]] = [["|"], ["^"], ["&"], ["<<", ">>"], ["+", "-"]]

    private mutating func binary(_ level: Int) -> UInt64? {
        guard level < Self.levels.count else { return unary() }
        guard var value = binary(level + 1) else { return nil }
        while true {
            skipSpaces()
            // `||` and `&&` are not the bitwise operators (none appears in these tables).
            guard let op = Self.levels[level].first(where: { has($0) && !(($0 == "|" || $0 == "&") && has($0 + $0)) }) else { return value }
            i += op.utf8.count
            guard let rhs = binary(level + 1) else { return nil }
            switch op {
            case "|": value |= rhs
            case "^": value ^= rhs
            case "&": value &= rhs
            case "<<": value = rhs < 64 ? value << rhs : 0
            case ">>": value = rhs < 64 ? value >> rhs : 0
            case "+": value = value &+ rhs
            default: value = value &- rhs
            }
        }
    }

    private mutating func unary() -> UInt64? {
        skipSpaces()
        if take("~") { return unary().map { ~$0 } }
        if take("-") { return unary().map { 0 &- $0 } }
        if take("(") {
            skipSpaces()
            if let c = current, c == UInt8(ascii: "_") || isLetter(c) {
                // A cast: type words up to ")", then its operand.
                while let c = current, c != UInt8(ascii: ")") {
                    guard c == UInt8(ascii: "_") || c == 0x20 || c == UInt8(ascii: "*") || isAlphanumeric(c) else { return nil }
                    i += 1
                }
                guard take(")") else { return nil }
                return unary()
            }
            guard let value = binary(0) else { return nil }
            skipSpaces()
            return take(")") ? value : nil
        }
        return literal()
    }

    /// 10, 0x1f, 1UL, 0x400u.
    private mutating func literal() -> UInt64? {
        let start = i
        while let c = current, isAlphanumeric(c) { i += 1 }
        var digits = String(decoding: text[start..<i], as: UTF8.self).lowercased()
        while let last = digits.last, last == "u" || last == "l" { digits.removeLast() }
        if digits.hasPrefix("0x") { return UInt64(digits.dropFirst(2), radix: 16) }
        if digits.count > 1, digits.hasPrefix("0") { return UInt64(digits.dropFirst(), radix: 8) }
        return UInt64(digits)
    }

    // MARK: bytes

    private var current: UInt8? { i < text.count ? text[i] : nil }

    private func has(_ literal: String) -> Bool {
        let bytes = Array(literal.utf8)
        return i + bytes.count <= text.count && Array(text[i..<i + bytes.count]) == bytes
    }

    private mutating func take(_ literal: String) -> Bool {
        guard has(literal) else { return false }
        i += literal.utf8.count
        return true
    }

    private mutating func skipSpaces() {
        while let c = current, c == 0x20 || c == 0x09 { i += 1 }
    }

    private mutating func word() -> String {
        let start = i
        while let c = current, c == UInt8(ascii: "_") || isAlphanumeric(c) { i += 1 }
        return String(decoding: text[start..<i], as: UTF8.self)
    }

    private mutating func quoted() -> String? {
        guard take("\"") else { return nil }
        let start = i
        while let c = current, c != UInt8(ascii: "\"") { i += 1 }
        guard i < text.count else { return nil }
        defer { i += 1 }
        return String(decoding: text[start..<i], as: UTF8.self)
    }
}

private func trimmedSpace(_ s: Substring) -> String {
    String(s.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
}

private func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= UInt8(ascii: "a") && (c | 0x20) <= UInt8(ascii: "z") }
private func isAlphanumeric(_ c: UInt8) -> Bool { isLetter(c) || (c >= 0x30 && c <= 0x39) }
