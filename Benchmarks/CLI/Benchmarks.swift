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
        subcommands: [Run.self, List.self, Describe.self, Compare.self, ReportCommand.self, Cachegrind.self, CachegrindChild.self],
        defaultSubcommand: Run.self
    )

    /// Errors are one line on stderr and a non-zero exit; `--help` prints help as usual.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            guard exitCode(for: error) != .success else { exit(withError: error) }
            let line = message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            printError("benchmarks: \(line)")
            Glibc.exit(exitCode(for: error).rawValue)
        }
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
