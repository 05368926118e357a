import ArgumentParser
import PageBench

@main
struct Benchmarks: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "benchmarks",
        abstract: "Compare struct page layouts: descriptors, allocators and lookups.",
        subcommands: [Describe.self]
    )
}

extension LayoutID: ExpressibleByArgument {}
