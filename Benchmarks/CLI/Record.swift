import ArgumentParser
import BenchOutput
import Foundation
import PageBench

/// `benchmarks record`: the kernel's memory-management events while a command runs (or
/// for some seconds), after a snapshot of the machine, for `run --trace FILE`.
struct Record: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record the kernel's page, slab, page-cache, compaction and migration events (tracefs; needs root) while a command runs, for `run --trace FILE`.",
        usage: "benchmarks record --out FILE [--seconds N] [--buffer-mib N] [--note TEXT] [--untraced-first] [--check-text] [-- COMMAND ARGS...]")

    @Option(help: "Trace file to write.")
    var out: String

    @Option(help: "Record the whole machine for this many seconds (instead of a command).")
    var seconds: Double?

    @Option(name: .customLong("buffer-mib"), help: "Ring buffer per CPU while recording, in MiB.")
    var bufferMiB: Int = 64

    @Option(help: "A note to keep in the trace's facts.")
    var note: String?

    @Flag(help: "Run the command once untraced first and report the tracing's overhead on it.")
    var untracedFirst = false

    @Flag(help: "Hold the events in the ring buffer until the command ends, then read them as the kernel's text (`trace`) and as pages, and check that both give the same events (the buffer must hold them all).")
    var checkText = false

    @Argument(parsing: .postTerminator, help: "The command to record, after --.")
    var command: [String] = []

    func validate() throws {
        guard (seconds == nil) != command.isEmpty else {
            throw ValidationError("give either --seconds N or a command after --, not both and not neither")
        }
        if let seconds, !(seconds > 0 && seconds <= 86_400) { throw ValidationError("--seconds must be more than 0 and at most 86400") }
        guard (1...16_384).contains(bufferMiB) else { throw ValidationError("--buffer-mib must be from 1 to 16384") }
        if untracedFirst && command.isEmpty { throw ValidationError("--untraced-first needs a command") }
    }

    func run() throws {
        do { try CSVResultWriter.checkWritable(path: out) } catch { throw CommandError("\(error)") }
        let what = seconds.map { "sleep \(Self.decimal($0))" } ?? Self.shellLine(command)
        var untraced: Double?
        if untracedFirst {
            printError("record: running \(what) untraced first")
            let outcome: (status: Int32, seconds: Double)
            do throws(RecordError) { outcome = try TraceRecorder.run(command: command) } catch { throw CommandError(error.description) }
            guard outcome.status == 0 else { throw CommandError("the untraced run of \(what) exited with status \(outcome.status)") }
            untraced = outcome.seconds
        }
        let started = RunMetadata.iso8601(Date())
        let recording: TraceRecorder.Recording
        do throws(RecordError) {
            recording = try TraceRecorder(bufferKiBPerCPU: bufferMiB << 10, checkText: checkText).record(seconds.map { .sleep(seconds: $0) } ?? .command(command))
        } catch { throw CommandError(error.description) }

        let parsed = recording.parsed
        let perSecond = recording.seconds > 0 ? Double(parsed.events.count) / recording.seconds : 0
        var facts: [(key: String, value: String)] = [("kernel", MachineFacts.kernelRelease() ?? "unknown"), ("recorded", started), ("command", what)]
        if let note { facts.append(("note", note)) }
        facts += [
            ("seconds", String(format: "%.2f", recording.seconds)),
            ("events", "\(parsed.events.count)"),
            ("events_per_second", String(format: "%.0f", perSecond)),
            ("lost", "\(recording.lost)"),
            ("unparsed", "\(parsed.unparsed)"),
            ("buffer_kib_per_cpu", "\(recording.bufferKiBPerCPU)"),
            ("exit_status", "\(recording.exitStatus)"),
            // This process's threads, and whether their own events are left out of the trace.
            ("recorder_pids", recording.recorderThreads.map(String.init).joined(separator: " ")),
            ("recorder_traced", recording.recorderExcluded ? "no" : "yes"),
            ("recorder_cpu_seconds", String(format: "%.2f", recording.recorderCPUSeconds)),
        ]
        if let untraced { facts.append(("untraced_seconds", String(format: "%.2f", untraced))) }
        if let signal = recording.interruption { facts.append(("interrupted", TraceRecorder.signalName(signal))) }
        if !recording.missing.isEmpty { facts.append(("missing", recording.missing.map(\.tracepoint).joined(separator: " "))) }
        let trace = Trace(facts: facts, strings: parsed.strings, snapshot: recording.snapshot, events: parsed.events)
        let bytes = trace.encoded()
        guard FileManager.default.createFile(atPath: out, contents: Data(bytes)) else { throw CommandError("cannot write \(out)") }

        for line in Self.summary(recording, perSecond: perSecond, bytes: bytes.count, untraced: untraced) { printError("record: " + line) }
        printError("record: wrote \(out)")
        if case .failure(let difference) = recording.textCheck {
            throw CommandError("the pages and the kernel's text of the same events differ: \(difference); \(out) holds the pages' events")
        }
        if let signal = recording.interruption {
            throw CommandError("interrupted by \(TraceRecorder.signalName(signal)) after \(String(format: "%.2f", recording.seconds)) s; \(out) holds the trace up to then")
        }
        guard recording.exitStatus == 0 else { throw CommandError("\(what) exited with status \(recording.exitStatus); \(out) holds its trace") }
    }

    /// One line per group of facts.
    static func summary(_ recording: TraceRecorder.Recording, perSecond: Double, bytes: Int, untraced: Double?) -> [String] {
        let parsed = recording.parsed, count = parsed.events.count
        var lines = ["\(count) events in \(String(format: "%.2f", recording.seconds)) s: \(String(format: "%.0f", perSecond)) events/s, \(recording.lost) lost, exit status \(recording.exitStatus)",
                     String(format: "the recorder used %.2f s of CPU (%.0f %% of one core), reading trace_pipe_raw", recording.recorderCPUSeconds,
                            100 * recording.recorderCPUSeconds / max(recording.seconds, 1e-9))]
        var perKind = [Int](repeating: 0, count: 256)
        for event in parsed.events { perKind[Int(event.rawKind)] += 1 }
        lines.append(TraceEvent.Kind.allCases.filter { perKind[Int($0.rawValue)] > 0 }
            .map { "\($0.tracepoint.split(separator: ":").last ?? "") \(perKind[Int($0.rawValue)])" }.joined(separator: ", "))
        let perEvent = count > 0 ? String(format: ", %.2f bytes/event", Double(bytes) / Double(count)) : ""
        lines.append(String(format: "%.2f MiB", Double(bytes) / 1048576) + " (\(bytes) bytes)\(perEvent), \(parsed.strings.count) strings, buffer \(recording.bufferKiBPerCPU) KiB per CPU")
        if parsed.unparsed > 0 {
            lines.append("\(parsed.unparsed) records unread, the first: \(parsed.unparsedExamples.first ?? "")")
        } else {
            lines.append("0 records unread")
        }
        if let untraced {
            lines.append(String(format: "untraced %.2f s, traced %.2f s: x%.3f, the tracing's overhead on the recorded command",
                                untraced, recording.seconds, recording.seconds / max(untraced, 1e-9)))
        }
        if case .success(let merged) = recording.textCheck {
            lines.append("the kernel's text of the same events (`trace`) gives the same \(count) events and \(parsed.strings.count) strings; "
                         + "its hashed pointers merge \(merged) of the pages' objects with another")
        }
        if !recording.missing.isEmpty { lines.append("not recorded (this kernel lacks them): \(recording.missing.map(\.tracepoint).joined(separator: ", "))") }
        lines += recording.warnings
        return lines
    }

    /// The command as a shell would take it back: words with anything but safe characters quoted.
    static func shellLine(_ words: [String]) -> String {
        let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%")
        return words.map { word in
            !word.isEmpty && word.allSatisfy(safe.contains) ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }.joined(separator: " ")
    }

    static func decimal(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : String(x) }
}
