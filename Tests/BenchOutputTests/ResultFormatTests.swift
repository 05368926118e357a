import Foundation
import Testing
@testable import BenchOutput

@Suite("ResultFormat")
struct ResultFormatTests {
    let rows = [
        makeRow(layout: "legacy64", ns: 10.5, counters: [Counter("retry_rate", 0.0012), Counter("gets", 40960)]),
        makeRow(layout: "twoword16", variant: "order=9", ns: 123.25, low: 120, high: 130, rounds: 1,
                note: "a \"quoted\", note\nwith newline"),
    ]

    @Test func rawValuesAreTheCommandLineNames() {
        #expect(ResultFormat.allCases.map(\.rawValue) == ["table", "csv", "json", "markdown"])
        #expect(ResultFormat(rawValue: "markdown") == .markdown)
    }

    @Test func csvIsExactlyWhatTheWriterWrites() throws {
        let dir = try makeTempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let writer = try CSVResultWriter(path: dir + "/r.csv")
        for row in rows { try writer.append(row) }
        writer.close()
        #expect(ResultFormat.csv.render(rows) == fileText(dir + "/r.csv"))
    }

    @Test func jsonHasCSVKeysInOrderAndTypedValues() throws {
        let json = ResultFormat.json.render(rows)
        let objects = try #require(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        #expect(objects.count == 2)
        #expect(Set(objects[0].keys) == Set(ResultRow.columns))
        #expect(objects[1]["note"] as? String == "a \"quoted\", note\nwith newline")
        #expect(objects[1]["ns_per_op"] as? Double == 123.25)
        #expect(objects[1]["ci_high"] as? Double == 130)
        #expect(objects[0]["reps"] as? Int == 35)
        #expect(objects[0]["rounds"] as? Int == 5)
        // Counters are an object in JSON, not a string holding one.
        let counters = try #require(objects[0]["counters"] as? [String: Any])
        #expect(counters["retry_rate"] as? Double == 0.0012)
        #expect(counters["gets"] as? Int == 40960)
        #expect((objects[1]["counters"] as? [String: Any])?.isEmpty == true)
        #expect(objects[0]["checksum"] as? String == "0x1234abcd")

        // Keys appear in column order on each line.
        let firstObject = try #require(json.split(separator: "\n").dropFirst().first)
        let positions = ResultRow.columns.map { firstObject.range(of: "\"\($0)\":")!.lowerBound }
        #expect(positions == positions.sorted())
    }

    @Test func jsonOfNothingIsAnEmptyArray() {
        #expect(ResultFormat.json.render([ResultRow]()) == "[]\n")
    }

    @Test func jsonWritesNullForMissingAndNonFinite() throws {
        var row = makeRow()
        row.batchP99Ns = .nan
        let objects = try #require(
            JSONSerialization.jsonObject(with: Data(ResultFormat.json.render([row]).utf8)) as? [[String: Any]])
        #expect(objects[0]["batch_p99_ns"] is NSNull)

        let change = Comparison.change(old: [makeRow()], new: [], oldSamples: [], newSamples: [])
        let changeObjects = try #require(
            JSONSerialization.jsonObject(with: Data(ResultFormat.json.render(change).utf8)) as? [[String: Any]])
        #expect(changeObjects[0]["new_ns_per_op"] is NSNull)
        #expect(changeObjects[0]["old_ns_per_op"] as? Double == 10.5)
    }

    @Test func tableIsAlignedSummary() {
        let table = ResultFormat.table.render(rows)
        let lines = table.split(separator: "\n")
        #expect(lines.count == 4)  // header, rule, two rows
        #expect(lines[0].hasPrefix("layout     workload    variant   "))
        #expect(lines[0].contains(" ns/op  rounds  metadata B/page"))
        #expect(!table.contains("checksum"))
        // Right-aligned cells end in the same column.
        let estimateEnd = lines[0].range(of: "ns/op")!.upperBound.utf16Offset(in: lines[0])
        #expect(lines[2].range(of: "10.5 ± 2.5 %")!.upperBound.utf16Offset(in: lines[2]) == estimateEnd)
        // One round: the interval came from repetitions, and says so.
        #expect(lines[3].range(of: "123.2 ± 5.5 % (reps)")!.upperBound.utf16Offset(in: lines[3]) == estimateEnd)
    }

    @Test func markdownIsAGitHubTable() {
        let md = ResultFormat.markdown.render(rows)
        let lines = md.split(separator: "\n")
        #expect(lines[0] == "| layout | workload | variant | ns/op | rounds | metadata B/page | batch p99 ns |")
        #expect(lines[1] == "| --- | --- | --- | ---: | ---: | ---: | ---: |")
        #expect(lines[2] == "| legacy64 | alloc_free | order=0;batch=16 | 10.5 ± 2.5 % | 5 | 64.00 | 900.500 |")
        #expect(lines.count == 4)
    }

    @Test func markdownEscapesPipes() {
        let md = ResultFormat.markdown.render([makeRow(variant: "a|b")])
        #expect(md.contains("| a\\|b |"))
    }

    @Test func bareEstimateWhenTheRowHasNoInterval() {
        let md = ResultFormat.markdown.render([makeRow(ns: 7.25, low: .nan, high: .nan, rounds: 1)])
        #expect(md.split(separator: "\n")[2] == "| legacy64 | alloc_free | order=0;batch=16 | 7.25 | 1 | 64.00 | 900.500 |")
    }
}
