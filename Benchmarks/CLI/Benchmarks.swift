import ArgumentParser
import BenchOutput
import Foundation
import PageBench

#if canImport(Glibc)
import Glibc
#endif

@main
struct Benchmarks: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "benchmarks",
        abstract: "Compare struct page layouts: descriptors, allocators and lookups, against jemalloc and the memory floor.",
        subcommands: [Run.self, List.self, Describe.self, Compare.self, ReportCommand.self, Cachegrind.self, CachegrindChild.self, SnapshotCommand.self, Record.self, TraceInfo.self, TraceCut.self],
        defaultSubcommand: Run.self
    )

    /// Errors are one line on stderr and a non-zero exit; `--help` prints help as usual.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            guard exitCode(for: error) != .success else { exit(withError: error) }
            printError("benchmarks: \(oneLine(message(for: error)))")
            Glibc.exit(exitCode(for: error).rawValue)
        }
    }

    /// ArgumentParser lists the valid choices one per line (`- 'legacy64'`); an error here
    /// is one line, so they are joined after the first: `...following: 'legacy64', ...`.
    static func oneLine(_ message: String) -> String {
        let lines = message.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard let first = lines.first else { return message }
        let choices = lines.dropFirst().map { $0.hasPrefix("- ") ? String($0.dropFirst(2)) : $0 }
        return choices.isEmpty ? first : first + " " + choices.joined(separator: ", ")
    }
}

extension LayoutID: ExpressibleByArgument {}
extension WorkloadID: ExpressibleByArgument {}
extension ResultFormat: ExpressibleByArgument {}

/// A failure to report in one line.
struct CommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A line on stderr (progress and errors; stdout carries results only).
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
