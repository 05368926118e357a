import Testing
@testable import BenchOutput

@Suite("CSV reader errors")
struct CSVReaderErrorTests {
    private func message(_ text: String) -> String? {
        do {
            _ = try CSVResultReader.parse(text, source: "run.csv")
            return nil
        } catch {
            return (error as? BenchOutputError)?.message
        }
    }

    private let good = makeRow().csvLine

    @Test func emptyFile() {
        #expect(message("") == "run.csv: empty file, expected a header line")
    }

    @Test func headerInWrongOrder() {
        let header = ResultRow.csvHeader.replacingOccurrences(of: "layout,workload", with: "workload,layout")
        #expect(message(header + good) == "run.csv:1: header does not match: column 1 is \"workload\", expected \"layout\"")
    }

    @Test func headerMissingAndExtraColumns() {
        let missing = ResultRow.columns.dropLast().joined(separator: ",") + "\n"
        #expect(message(missing) == "run.csv:1: header does not match: missing column note (column 20)")
        let extra = ResultRow.columns.joined(separator: ",") + ",cpu\n"
        #expect(message(extra) == "run.csv:1: header does not match: extra column \"cpu\" (column 21)")
    }

    @Test func headerOfTheOldFormatIsRejected() {
        let old = "layout,workload,variant,arena_bytes,ops_per_rep,reps,ns_per_op_median,ns_per_op_min,ns_per_op_max,"
            + "metadata_bytes_per_page,batch_p50_ns,batch_p99_ns,ops_per_batch,checksum,note\n"
        #expect(message(old) == "run.csv:1: header does not match: column 5 is \"ops_per_rep\", expected \"rounds\"")
    }

    @Test func rowWithMissingColumnNamesItsLine() {
        let short = "legacy64,alloc_free,,1,2,3\n"
        #expect(message(ResultRow.csvHeader + good + short)
            == "run.csv:3: missing columns: expected 20 fields, found 6")
    }

    @Test func rowWithExtraColumnNamesItsLine() {
        let long = String(good.dropLast()) + ",surplus\n"
        #expect(message(ResultRow.csvHeader + long) == "run.csv:2: extra columns: expected 20 fields, found 21")
    }

    @Test func lineNumberCountsNewlinesInsideQuotedFields() {
        let multiLine = makeRow(note: "a\nb\nc").csvLine  // occupies lines 2-4
        #expect(message(ResultRow.csvHeader + multiLine + "x,y\n") == "run.csv:5: missing columns: expected 20 fields, found 2")
    }

    @Test func badNumbersNameTheColumn() {
        let badReps = good.replacingOccurrences(of: ",35,", with: ",seven,")
        #expect(message(ResultRow.csvHeader + badReps)
            == "run.csv:2: column reps: expected an integer, found \"seven\"")
        let badRounds = good.replacingOccurrences(of: ",5,", with: ",5.5,")
        #expect(message(ResultRow.csvHeader + badRounds)
            == "run.csv:2: column rounds: expected an integer, found \"5.5\"")
        let badEstimate = good.replacingOccurrences(of: "10.500", with: "fast")
        #expect(message(ResultRow.csvHeader + badEstimate)
            == "run.csv:2: column ns_per_op: expected a number, found \"fast\"")
        let badChecksum = good.replacingOccurrences(of: "0x1234abcd", with: "0xZZ")
        #expect(message(ResultRow.csvHeader + badChecksum)
            == "run.csv:2: column checksum: expected a hex value like 0x1234abcd, found \"0xZZ\"")
    }

    @Test func malformedQuoting() {
        #expect(message(ResultRow.csvHeader + "legacy64,\"unterminated\n")
            == "run.csv:2: quoted field is never closed")
        #expect(message(ResultRow.csvHeader + "legacy64,\"closed\"junk,\n")
            == "run.csv:2: unexpected text after a closing quote")
        #expect(message(ResultRow.csvHeader + "legacy64,half\"quoted,\n")?.hasPrefix("run.csv:2: quote inside an unquoted field") == true)
    }

    @Test func missingFileIsReportedWithItsPath() {
        #expect(throws: BenchOutputError("cannot read results from \"/nonexistent/run.csv\": no such file")) {
            try CSVResultReader.read(path: "/nonexistent/run.csv")
        }
    }

    /// The counters field as written in the CSV (quoted where needed) and the message's tail.
    @Test(arguments: [
        ("", "expected an object starting with {, found the end"),
        ("x", "expected an object starting with {, found \"x\""),
        ("[1]", "expected an object starting with {, found \"[\""),
        ("{", "expected a quoted counter name, found the end"),
        ("{a:1}", "expected a quoted counter name, found \"a\""),
        ("\"{\"\"a\"\"}\"", "expected ':' after \"a\", found \"}\""),
        ("\"{\"\"a\"\":}\"", "counter \"a\": expected a number, found \"}\""),
        ("\"{\"\"a\"\":1\"", "expected ',' or '}' after the value of \"a\", found the end"),
        ("\"{\"\"a\"\":1,}\"", "expected a quoted counter name, found \"}\""),
        ("\"{\"\"a\"\":0x10}\"", "counter \"a\": expected a number, found \"0x10\""),
        ("\"{\"\"a\"\":nan}\"", "counter \"a\": expected a number, found \"nan\""),
        ("\"{\"\"a\"\":01}\"", "counter \"a\": expected a number, found \"01\""),
        ("\"{\"\"a\"\":1.}\"", "counter \"a\": expected a number, found \"1.\""),
        ("\"{\"\"a\"\":\"\"1\"\"}\"", "counter \"a\": expected a number, found \"\"\""),
        ("\"{\"\"a\"\":1} x\"", "unexpected \"x\" after the closing }"),
        ("\"{\"\"a\nb\"\":1}\"", "control character in a counter name"),
    ])
    func malformedCountersNameFileLineAndColumn(_ field: String, _ expected: String) {
        let line = good.replacingOccurrences(of: ",{},", with: ",\(field),")
        let got = message(ResultRow.csvHeader + line)
        #expect(got == "run.csv:2: column counters: " + expected)
        #expect(got?.contains("\n") == false)
    }

    @Test func errorsAreOneLine() {
        let messages = [message(""), message("a,b\n"), message(ResultRow.csvHeader + "x\n")]
        for m in messages {
            #expect(m != nil)
            #expect(m?.contains("\n") == false)
        }
    }
}
