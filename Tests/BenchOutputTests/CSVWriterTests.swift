import Foundation
import Testing
@testable import BenchOutput

@Suite("CSV writer")
struct CSVWriterTests {
    @Test func eachRowIsInTheFileBeforeClose() throws {
        let dir = try makeTempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/results.csv"

        let writer = try CSVResultWriter(path: path)
        #expect(fileText(path) == ResultRow.csvHeader)
        #expect(try CSVResultReader.read(path: path) == [])

        var written: [ResultRow] = []
        for (i, layout) in ["legacy64", "twoword16", "chead16"].enumerated() {
            let row = makeRow(layout: layout, ns: Double(i) + 0.5, note: "row, \(i)")
            try writer.append(row)
            written.append(row)
            // Read back while the writer is still open: nothing may be buffered.
            #expect(try CSVResultReader.read(path: path) == written)
        }
        writer.close()
        #expect(try CSVResultReader.read(path: path) == written)
        #expect(throws: BenchOutputError.self) { try writer.append(makeRow()) }
    }

    @Test func truncatesAnExistingFile() throws {
        let dir = try makeTempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/results.csv"
        try "old contents\nmore\n".write(toFile: path, atomically: false, encoding: .utf8)
        let writer = try CSVResultWriter(path: path)
        defer { writer.close() }
        #expect(fileText(path) == ResultRow.csvHeader)
    }

    @Test func unwritablePathGivesOneLineMessage() throws {
        let dir = try makeTempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let regularFile = dir + "/plain"
        try "x".write(toFile: regularFile, atomically: false, encoding: .utf8)

        #expect(throws: BenchOutputError("cannot write results to \"\(regularFile)/x.csv\": Not a directory")) {
            try CSVResultWriter(path: regularFile + "/x.csv")
        }
        #expect(throws: BenchOutputError("cannot write results to \"/proc/nonexistent/x.csv\": No such file or directory")) {
            try CSVResultWriter(path: "/proc/nonexistent/x.csv")
        }
    }
}

@Suite("checkWritable")
struct CheckWritableTests {
    @Test(arguments: ["/proc/nonexistent/x.csv", "/nonexistent-dir-for-test/x.csv"])
    func failsForMissingDirectoryAndLeavesNothing(_ path: String) {
        #expect(throws: BenchOutputError.self) { try CSVResultWriter.checkWritable(path: path) }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func failsUnderARegularFileAndLeavesItAlone() throws {
        let dir = try makeTempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let regularFile = dir + "/plain"
        try "keep me".write(toFile: regularFile, atomically: false, encoding: .utf8)

        #expect(throws: BenchOutputError("cannot write results to \"\(regularFile)/x.csv\": Not a directory")) {
            try CSVResultWriter.checkWritable(path: regularFile + "/x.csv")
        }
        #expect(fileText(regularFile) == "keep me")
    }

    @Test func failsForADirectory() throws {
        let dir = try makeTempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(throws: BenchOutputError("cannot write results to \"\(dir)\": Is a directory")) {
            try CSVResultWriter.checkWritable(path: dir)
        }
    }

    @Test func succeedsForNewFileWithoutCreatingIt() throws {
        let dir = try makeTempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/results.csv"
        try CSVResultWriter.checkWritable(path: path)
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
    }

    @Test func succeedsForExistingFileWithoutClobberingIt() throws {
        let dir = try makeTempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/results.csv"
        try "previous run\n".write(toFile: path, atomically: false, encoding: .utf8)
        try CSVResultWriter.checkWritable(path: path)
        #expect(fileText(path) == "previous run\n")
    }
}
