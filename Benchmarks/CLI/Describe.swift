import ArgumentParser
import Foundation
import PageBench

/// `benchmarks describe`: every layout's descriptor structs, pahole style, and what the
/// memmap costs.
struct Describe: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print each layout's descriptor structs (fields, offsets, sizes) and memmap cost.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, csv }

    @Option(help: "Output format: \(Format.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: Format = .table

    @Option(parsing: .upToNextOption, help: "Layouts to describe (default: all).")
    var layouts: [LayoutID] = LayoutID.allCases

    func run() {
        switch format {
        case .csv:
            print("layout,struct,field,offset,size")
            for id in layouts {
                for s in id.type.structs {
                    for f in s.fields { print("\(id.rawValue),\(s.name),\(csvField(f.name)),\(f.offset),\(f.size)") }
                }
            }
        case .table:
            for id in layouts { print(LayoutSummary(id).text) }
        }
    }

    func csvField(_ s: String) -> String { s.contains(",") || s.contains("\"") ? "\"\(s.replacingOccurrences(of: "\"", with: "\"\""))\"" : s }
}

/// One layout's description, as text.
struct LayoutSummary {
    let text: String

    init(_ id: LayoutID) {
        let type = id.type
        let bytes = type.pageDescriptorSize
        let percent = type.memmapFractionOfRAM * 100
        let gibPerTiB = Double(bytes) * Double(1 << 28) / Double(1 << 30)
        var lines = ["== \(id.rawValue): \(bytes)-byte struct page, memmap \(fixed(percent, 3)) % of RAM, \(fixed(gibPerTiB, 2)) GiB per TiB"
                     + (type.separateMemdescs ? ", plus separately allocated memdescs" : "")]
        for s in type.structs {
            lines.append("struct \(s.name.replacingOccurrences(of: "struct ", with: "")) {")
            for f in s.fields {
                let name = "\t\(f.name);"
                lines.append(name.padding(toLength: max(name.count, 56), withPad: " ", startingAt: 0)
                             + "/* \(String(f.offset).leftPadded(5)) \(String(f.size).leftPadded(5)) */")
            }
            lines.append("\t/* size: \(s.size), \(s.placement) */")
            lines.append("};")
        }
        text = lines.joined(separator: "\n") + "\n"
    }
}

func fixed(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
