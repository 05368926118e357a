import Testing
@testable import BenchOutput

@Suite("CSV round trip")
struct CSVRoundTripTests {
    @Test func headerIsTheFixedColumnOrder() {
        #expect(ResultRow.csvHeader ==
            "layout,workload,variant,arena_bytes,ops_per_rep,reps,ns_per_op_median,ns_per_op_min,"
            + "ns_per_op_max,metadata_bytes_per_page,batch_p50_ns,batch_p99_ns,ops_per_batch,checksum,note\n")
    }

    @Test func rowIsPrintedWithFixedDecimalsAndHexChecksum() {
        let row = makeRow(median: 10.5, min: 10, max: 11.25, checksum: 0x1234abcd)
        #expect(row.csvLine ==
            "legacy64,alloc_free,order=0;batch=16,67108864,1000000,7,10.500,10.000,11.250,64.00,150.125,900.500,16,0x1234abcd,\n")
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
            makeRow(layout: "twoword16", variant: "", median: 0, min: 0, max: 0, checksum: 0),
            makeRow(layout: "chead16", median: 123456.789, min: 0.001, max: 1e6, checksum: .max),
            makeRow(layout: "floor", variant: "order=0;layout=legacy64", note: "mirrors \"legacy64\", order 0"),
        ]
        let text = ResultRow.csvHeader + rows.map(\.csvLine).joined()
        #expect(try CSVResultReader.parse(text) == rows)
    }

    @Test func readerAcceptsCRLFAndMissingFinalNewline() throws {
        let row = makeRow(note: "x")
        let crlf = (ResultRow.csvHeader + row.csvLine).replacingOccurrences(of: "\n", with: "\r\n")
        #expect(try CSVResultReader.parse(crlf) == [row])
        #expect(try CSVResultReader.parse(String((ResultRow.csvHeader + row.csvLine).dropLast())) == [row])
    }

    @Test func readerAcceptsDecimalChecksumsAndSkipsBlankLines() throws {
        let line = "legacy64,w,,1,2,3,4,5,6,7,8,9,10,255,\n"
        let rows = try CSVResultReader.parse(ResultRow.csvHeader + "\n" + line + "\n")
        #expect(rows.count == 1)
        #expect(rows[0].checksum == 255)
        #expect(rows[0].nsPerOpMax == 6)
    }
}
