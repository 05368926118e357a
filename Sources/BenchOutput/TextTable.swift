/// A rendered table: column names plus rows of cells.
///
/// Every row type (results, side-by-side comparisons, run-to-run changes) is turned into one
/// of these, and `ResultFormat` renders it; so all outputs quote, align and escape the same way.
struct TextTable {
    /// One cell. Whether it is a number decides right-alignment in tables and quoting in JSON.
    enum Cell: Equatable {
        case text(String)
        /// Already formatted (see `NumberText`); written to JSON unquoted unless not finite.
        case number(String)
        case bool(Bool)
        /// A JSON value already spelled out (the counters object): text in CSV and tables,
        /// embedded as is in JSON.
        case json(String)
        /// No value (e.g. no reference row to compare with): empty in CSV and tables, `null` in JSON.
        case missing

        var text: String {
            switch self {
            case .text(let s), .number(let s), .json(let s): return s
            case .bool(let b): return b ? "true" : "false"
            case .missing: return ""
            }
        }
    }

    var columns: [String]
    var rows: [[Cell]]

    func csv() -> String {
        CSV.line(columns) + rows.map { CSV.line($0.map(\.text)) }.joined()
    }

    /// One JSON object per line, keys in column order, so the file diffs well.
    func json() -> String {
        guard !rows.isEmpty else { return "[]\n" }
        let objects = rows.map { row in
            "  {" + zip(columns, row).map { key, cell in JSON.string(key) + ": " + JSON.value(cell) }
                .joined(separator: ", ") + "}"
        }
        return "[\n" + objects.joined(separator: ",\n") + "\n]\n"
    }

    /// Space-aligned columns for a terminal; numeric columns are right-aligned.
    func aligned() -> String {
        let widths = columns.indices.map { c in
            rows.reduce(columns[c].count) { max($0, $1[c].text.count) }
        }
        let right = columns.indices.map(isNumeric)
        func line(_ cells: [String]) -> String {
            cells.indices.map { c in
                let pad = String(repeating: " ", count: widths[c] - cells[c].count)
                return right[c] ? pad + cells[c] : cells[c] + pad
            }.joined(separator: "  ").trailingSpacesRemoved() + "\n"
        }
        return line(columns)
            + line(widths.map { String(repeating: "-", count: $0) })
            + rows.map { line($0.map { $0.text.replacingNewlines() }) }.joined()
    }

    /// GitHub-flavoured markdown; numeric columns are right-aligned.
    func markdown() -> String {
        func line(_ cells: [String]) -> String {
            "| " + cells.map { $0.replacingNewlines().replacingOccurrences(of: "|", with: "\\|") }
                .joined(separator: " | ") + " |\n"
        }
        let rule = "|" + columns.indices.map { isNumeric($0) ? " ---: " : " --- " }.joined(separator: "|") + "|\n"
        return line(columns) + rule + rows.map { line($0.map(\.text)) }.joined()
    }

    private func isNumeric(_ column: Int) -> Bool {
        var sawNumber = false
        for row in rows {
            switch row[column] {
            case .number: sawNumber = true
            case .missing: continue
            case .text, .bool, .json: return false
            }
        }
        return sawNumber
    }
}

/// The little JSON writing this module needs, by hand so keys keep column order.
enum JSON {
    static func value(_ cell: TextTable.Cell) -> String {
        switch cell {
        case .text(let s): return string(s)
        case .number(let s): return Double(s)?.isFinite == true ? s : "null"
        case .bool(let b): return b ? "true" : "false"
        case .json(let s): return s
        case .missing: return "null"
        }
    }

    static func string(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

extension String {
    fileprivate func replacingNewlines() -> String {
        replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ")
            .replacingOccurrences(of: "\r", with: " ")
    }

    fileprivate func trailingSpacesRemoved() -> String {
        var s = Substring(self)
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
