/// RFC 4180 quoting and splitting, and nothing else.
///
/// Variants (`order=0;batch=16`) and notes are free text, so a comma, quote or newline in a
/// field must not shift the columns. Lines end in `\n`; `\r\n` is accepted when reading.
enum CSV {
    /// One record as a line, including the trailing `\n`.
    static func line(_ fields: [String]) -> String {
        fields.map(quoted).joined(separator: ",") + "\n"
    }

    /// A field is quoted only when it must be: it holds a comma, quote, CR or LF.
    static func quoted(_ field: String) -> String {
        let needsQuotes = field.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// One parsed record and the 1-based line it starts on (a quoted newline makes a record
    /// span several lines, and error messages should point at where it begins).
    struct Record: Equatable {
        var line: Int
        var fields: [String]
    }

    /// Splits `text` into records. Blank lines are skipped. `source` names the file in errors.
    static func records(_ text: String, source: String) throws(BenchOutputError) -> [Record] {
        let bytes = Array(text.utf8)
        let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), cr: UInt8 = 0x0D, lf: UInt8 = 0x0A

        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var recordLine = 1
        var i = 0

        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) {  // blank line
                records.append(Record(line: recordLine, fields: fields))
            }
            fields.removeAll(keepingCapacity: true)
        }

        while i < bytes.count {
            let byte = bytes[i]
            if byte == quote && field.isEmpty {
                // Quoted field: runs to the next quote that is not doubled.
                let openedOn = line
                i += 1
                var closed = false
                while i < bytes.count {
                    let b = bytes[i]
                    if b == quote {
                        if i + 1 < bytes.count && bytes[i + 1] == quote {
                            field.append(quote)
                            i += 2
                            continue
                        }
                        closed = true
                        i += 1
                        break
                    }
                    if b == lf { line += 1 }
                    field.append(b)
                    i += 1
                }
                guard closed else {
                    throw BenchOutputError("\(source):\(openedOn): quoted field is never closed")
                }
                // After the closing quote only a separator or end of line may follow.
                if i < bytes.count, bytes[i] != comma, bytes[i] != lf, bytes[i] != cr {
                    throw BenchOutputError("\(source):\(line): unexpected text after a closing quote")
                }
                continue
            }
            switch byte {
            case comma:
                endField()
                i += 1
            case cr where i + 1 < bytes.count && bytes[i + 1] == lf:
                i += 1  // the LF ends the record
            case lf:
                endRecord()
                line += 1
                recordLine = line
                i += 1
            case quote:
                throw BenchOutputError("\(source):\(line): quote inside an unquoted field (quote the whole field and double the quote)")
            default:
                field.append(byte)
                i += 1
            }
        }
        if !field.isEmpty || !fields.isEmpty {
            endRecord()
        }
        return records
    }
}
