import ArgumentParser
import BenchOutput
import Foundation
import PageBench

/// `benchmarks snapshot`: this machine's physical memory from /proc/kpageflags, for
/// `run --state replay:FILE`.
struct SnapshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Record what every page of this machine is used for (/proc/kpageflags; needs root), for `run --state replay:FILE`.")

    @Option(help: "Snapshot file to write.")
    var out: String

    func run() throws {
        do { try CSVResultWriter.checkWritable(path: out) } catch { throw CommandError("\(error)") }
        let snapshot: Snapshot
        do throws(SnapshotError) { snapshot = try SnapshotCapture.take() } catch { throw CommandError(error.description) }
        guard FileManager.default.createFile(atPath: out, contents: Data(snapshot.encoded())) else {
            throw CommandError("cannot write \(out)")
        }
        print(Self.summary(snapshot, bytes: snapshot.encoded().count, path: out), terminator: "")
    }

    /// Pages per kind, blocks per order, and the kernel's own free counts beside ours.
    static func summary(_ snapshot: Snapshot, bytes: Int, path: String) -> String {
        let pages = snapshot.pages, blocks = snapshot.blocks
        let usable = snapshot.pageCount - (pages[.hole] ?? 0)
        var text = "\(path): \(snapshot.pageCount) pfns (\(ByteSize.format(snapshot.pageCount << 12))), \(usable) usable, \(snapshot.runs.count) runs in \(bytes) bytes\n"
        for kind in Snapshot.Kind.allCases {
            guard let n = pages[kind], n > 0 else { continue }
            let orders = (blocks[kind] ?? [:]).sorted { $0.key < $1.key }.map { "\($0.value)x\($0.key)" }.joined(separator: " ")
            let share = kind == .hole ? "" : String(format: " (%.2f %% of usable)", 100 * Double(n) / Double(usable))
            text += "  \(kind): \(n) pages\(share); blocks (count x order): \(orders)\n"
        }
        for (key, value) in snapshot.facts where key.hasPrefix("buddyinfo.") {
            text += "  kernel's \(key): \(value)\n"
        }
        return text
    }
}
