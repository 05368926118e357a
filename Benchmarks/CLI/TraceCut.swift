import ArgumentParser
import Foundation
import PageBench

/// `benchmarks trace-cut IN OUT --events N`: the first N events of a recording, on its
/// snapshot, as a new trace file; its facts say what was kept. A long recording made short
/// enough to commit (`scripts/record-traces`) stays a real machine's start.
struct TraceCut: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace-cut",
        abstract: "Write the first N events of a trace (`benchmarks record`), with its snapshot, to a new trace file.")

    @Argument(help: "The trace to cut.")
    var input: String

    @Argument(help: "The trace file to write.")
    var output: String

    @Option(help: "How many events to keep, from the first.")
    var events: Int

    func validate() throws {
        guard events > 0 else { throw ValidationError("--events must be at least 1") }
        guard input != output else { throw ValidationError("write the cut trace to another file than \(input)") }
    }

    func run() throws {
        let trace: Trace
        do throws(TraceError) { trace = try Trace(contentsOf: input) } catch { throw CommandError("\(input): \(error)") }
        let cut = trace.prefix(events)
        guard FileManager.default.createFile(atPath: output, contents: Data(cut.encoded())) else {
            throw CommandError("cannot write \(output)")
        }
        printError("wrote \(output): the first \(cut.events.count) of \(trace.events.count) events")
    }
}
