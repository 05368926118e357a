import Foundation
import Testing
@testable import BenchOutput

@Suite("ResultFormat")
struct ResultFormatTests {
    let rows = [
        makeRow(layout: "legacy64", median: 10.5),
        makeRow(layout: "twoword16", variant: "order=9", median: 123.25, note: "a \"quoted\", note\nwith newline"),
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
        #expect(objects[1]["ns_per_op_median"] as? Double == 123.25)
        #expect(objects[0]["reps"] as? Int == 7)
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

        let change = Comparison.change(old: [makeRow()], new: [])
        let changeObjects = try #require(
            JSONSerialization.jsonObject(with: Data(ResultFormat.json.render(change).utf8)) as? [[String: Any]])
        #expect(changeObjects[0]["new_ns_per_op"] is NSNull)
        #expect(changeObjects[0]["old_ns_per_op"] as? Double == 10.5)
    }

    @Test func tableIsAlignedSummary() {
        let table = ResultFormat.table.render(rows)
        let lines = table.split(separator: "\n")
        #expect(lines.count == 4)  // header, rule, two rows
        #expect(lines[0].hasPrefix("layout     workload    variant           ns/op median"))
        #expect(!table.contains("checksum"))
        // Right-aligned numbers end in the same column.
        let medianEnd = lines[0].range(of: "ns/op median")!.upperBound.utf16Offset(in: lines[0])
        #expect(lines[2].range(of: " 10.500")!.upperBound.utf16Offset(in: lines[2]) == medianEnd)
        #expect(lines[3].range(of: "123.250")!.upperBound.utf16Offset(in: lines[3]) == medianEnd)
    }

    @Test func markdownIsAGitHubTable() {
        let md = ResultFormat.markdown.render(rows)
        let lines = md.split(separator: "\n")
        #expect(lines[0] == "| layout | workload | variant | ns/op median | ns/op min | ns/op max | metadata B/page | batch p99 ns |")
        #expect(lines[1] == "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |")
        #expect(lines[2] == "| legacy64 | alloc_free | order=0;batch=16 | 10.500 | 10.000 | 11.250 | 64.00 | 900.500 |")
        #expect(lines.count == 4)
    }

    @Test func markdownEscapesPipes() {
        let md = ResultFormat.markdown.render([makeRow(variant: "a|b")])
        #expect(md.contains("| a\\|b |"))
    }
}
