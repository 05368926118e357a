import Testing
@testable import BenchOutput

@Suite("CSV round trip")
struct CSVRoundTripTests {
    @Test func headerIsTheFixedColumnOrder() {
        #expect(ResultRow.csvHeader ==
            "layout,workload,variant,arena_bytes,rounds,ops_per_rep,reps,ns_per_op,ci_low,ci_high,ns_per_op_median,"
            + "ns_per_op_min,ns_per_op_max,metadata_bytes_per_page,batch_p50_ns,batch_p99_ns,ops_per_batch,checksum,"
            + "counters,note\n")
    }

    @Test func rowIsPrintedWithFixedDecimalsAndHexChecksum() {
        let row = makeRow(ns: 10.5, low: 10.25, high: 10.75, min: 10, max: 11.25, checksum: 0x1234abcd)
        #expect(row.csvLine ==
            "legacy64,alloc_free,order=0;batch=16,67108864,5,1000000,35,10.500,10.250,10.750,10.500,10.000,11.250,"
            + "64.00,150.125,900.500,16,0x1234abcd,{},\n")
    }

    @Test(arguments: [
        "plain",
        "",
        "with,comma",
        "with \"quotes\"",
        "\"",
        "line one\nline two",
        "crlf\r\ninside",
        "trailing comma,",
        ",",
        "  spaces kept  ",
        "unicode µs → ok",
    ])
    func quotingSurvivesRoundTrip(_ text: String) throws {
        let row = makeRow(variant: "order=0;note=" + text, note: text)
        let parsed = try CSVResultReader.parse(ResultRow.csvHeader + row.csvLine)
        #expect(parsed == [row])
    }

    @Test func quotingFollowsRFC4180() {
        #expect(CSV.quoted("a,b") == "\"a,b\"")
        #expect(CSV.quoted("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSV.quoted("a\nb") == "\"a\nb\"")
        #expect(CSV.quoted("order=0;batch=16") == "order=0;batch=16")
    }

    @Test func manyRowsRoundTripIncludingExtremeValues() throws {
        let rows = [
            makeRow(),
            makeRow(layout: "twoword16", variant: "", ns: 0, low: .nan, high: .nan, rounds: 1, min: 0, max: 0, checksum: 0),
            makeRow(layout: "chead16", ns: 123456.789, low: 123000, high: 124000, min: 0.001, max: 1e6, checksum: .max),
            makeRow(layout: "floor", variant: "order=0;layout=legacy64", note: "mirrors \"legacy64\", order 0"),
        ]
        let text = ResultRow.csvHeader + rows.map(\.csvLine).joined()
        let parsed = try CSVResultReader.parse(text)
        #expect(parsed.count == rows.count)
        // NaN is never equal to itself: compare the NaN row's text, the others as values.
        #expect(parsed[1].ciLow.isNaN && parsed[1].ciHigh.isNaN)
        #expect(parsed.map(\.csvLine) == rows.map(\.csvLine))
        #expect(parsed[0] == rows[0] && parsed[2] == rows[2] && parsed[3] == rows[3])
    }

    @Test func readerAcceptsCRLFAndMissingFinalNewline() throws {
        let row = makeRow(note: "x")
        let crlf = (ResultRow.csvHeader + row.csvLine).replacingOccurrences(of: "\n", with: "\r\n")
        #expect(try CSVResultReader.parse(crlf) == [row])
        #expect(try CSVResultReader.parse(String((ResultRow.csvHeader + row.csvLine).dropLast())) == [row])
    }

    @Test func readerAcceptsDecimalChecksumsAndSkipsBlankLines() throws {
        let line = "legacy64,w,,1,2,3,4,5,6,7,8,9,10,11,12,13,14,255,{},\n"
        let rows = try CSVResultReader.parse(ResultRow.csvHeader + "\n" + line + "\n")
        #expect(rows.count == 1)
        #expect(rows[0].checksum == 255)
        #expect(rows[0].rounds == 2 && rows[0].nsPerOp == 5 && rows[0].ciHigh == 7)
        #expect(rows[0].nsPerOpMax == 10)
    }

    @Test func countersAreAJSONObjectInTheirOrder() {
        let row = makeRow(counters: [Counter("retry_rate", 0.0012), Counter("gets", 40960), Counter("tiny", 1e-7)])
        #expect(row.fields[18] == "{\"retry_rate\":0.0012,\"gets\":40960,\"tiny\":1e-07}")
        #expect(row.counter("gets") == 40960)
        #expect(row.counter("absent") == nil)
        #expect(makeRow().fields[18] == "{}")
    }

    @Test func countersRoundTripExactly() throws {
        let counters = [
            Counter("retry_rate", 0.1 + 0.2), Counter("gets", 40960), Counter("negative", -3),
            Counter("huge", 1.7976931348623157e308), Counter("smallest", .leastNonzeroMagnitude), Counter("zero", 0),
            Counter("free_blocks_order_10", 123_456_789_012), Counter("name, \"quoted\"\n", 1.5),
        ]
        let row = makeRow(counters: counters)
        let parsed = try CSVResultReader.parse(ResultRow.csvHeader + row.csvLine)
        #expect(parsed == [row])
        #expect(parsed.first?.counters.map(\.name) == counters.map(\.name))
    }

    @Test func nonFiniteCounterIsWrittenAsNullAndReadAsNaN() throws {
        let row = makeRow(counters: [Counter("d1_misses_per_op", .nan), Counter("gets", 2)])
        #expect(row.fields[18] == "{\"d1_misses_per_op\":null,\"gets\":2}")
        let parsed = try #require(try CSVResultReader.parse(ResultRow.csvHeader + row.csvLine).first)
        #expect(parsed.counter("d1_misses_per_op")?.isNaN == true)
        #expect(parsed.counter("gets") == 2)
    }

    @Test func countersAllowSpacesBetweenTokens() throws {
        let line = makeRow().csvLine.replacingOccurrences(of: ",{},", with: ",\"{ \"\"a\"\" : 1 , \"\"b\"\":2.5e3 }\",")
        let parsed = try #require(try CSVResultReader.parse(ResultRow.csvHeader + line).first)
        #expect(parsed.counters == [Counter("a", 1), Counter("b", 2500)])
    }
}
