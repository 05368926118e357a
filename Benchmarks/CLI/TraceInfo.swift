import ArgumentParser
import BenchOutput
import Foundation
import PageBench

/// `benchmarks trace-info FILE`: what a recording holds and what its replay will do: the
/// facts, events per tracepoint, events per classification rule, operations per kind.
struct TraceInfo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace-info",
        abstract: "Describe a trace (`benchmarks record`): its facts, events per tracepoint, how each rule classified them, and the operations a replay runs.")

    @Argument(help: "The trace file.")
    var file: String

    @Flag(help: "Also explain each rule.")
    var rules = false

    func run() throws {
        let trace: ReplayTrace
        do throws(TraceError) { trace = try ReplayTrace(path: file) } catch { throw CommandError("\(file): \(error)") }
        print(Self.describe(trace, explaining: rules), terminator: "")
    }

    static func describe(_ trace: ReplayTrace, explaining: Bool) -> String {
        var text = "\(trace.name): \(trace.eventCount) events\n"
        for (key, value) in trace.facts { text += "  \(key): \(value)\n" }
        let pages = trace.snapshot.pageCount
        text += "  snapshot: \(pages) pfns (\(ByteSize.format(pages << 12))), \(trace.snapshot.pages[.free] ?? 0) free\n"
        text += "events per rule (every event under one):\n"
        for rule in TraceRule.allCases where trace.classification[rule] > 0 || explaining {
            text += "  \(String(trace.classification[rule]).leftPadded(9))  \(rule.rawValue)\n"
            if explaining { text += "             \(rule.explanation)\n" }
        }
        text += "  \(String(trace.classification.total).leftPadded(9))  total\n"
        text += "operations of a replay (events=all, teardown included):\n"
        for (name, count) in trace.operationCounts where count > 0 { text += "  \(String(count).leftPadded(9))  \(name)\n" }
        let orders = trace.folioAllocationsPerOrder.enumerated().filter { $0.element > 0 }
        text += "folio allocations per order: \(orders.map { "\($0.offset): \($0.element)" }.joined(separator: ", "))\n"
        text += "folios allocated before the timing and kept (order-0 stand-ins for pages cached before the recording):\n"
        text += "  \(String(trace.residentFolioCount(.all)).leftPadded(9))  events=all\n"
        text += "  \(String(trace.residentFolioCount(.lookups)).leftPadded(9))  events=lookups (with folios standing for the trace's own)\n"
        return text
    }
}
