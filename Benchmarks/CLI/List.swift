import ArgumentParser
import PageBench

/// `benchmarks list`: the layouts and the workloads with their variants.
struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the layouts and the workloads with their variants.")

    func run() {
        print("layouts:")
        for id in LayoutID.allCases {
            let type = id.type
            print("  \(id.rawValue.padded(10)) \(type.pageDescriptorSize)-byte struct page"
                  + (type.separateMemdescs ? ", separately allocated memdescs" : ", memdescs overlaid on it")
                  + (type.hugeTLBVmemmapOptimization ? ", HugeTLB vmemmap optimisation (7 of 8 memmap pages of a 2 MiB folio shared)" : ""))
        }
        print("workloads:")
        for w in WorkloadID.allCases {
            print("  \(w.rawValue.padded(17)) \(w.summary)")
            let variants = w.variants(quick: false).map(\.name).filter { !$0.isEmpty }
            if !variants.isEmpty { print("  \("".padded(17)) variants: \(variants.joined(separator: ", "))") }
            let references = (w.hasJemalloc ? ["jemalloc"] : []) + (w.hasFloor ? ["floor (per layout)"] : [])
            print("  \("".padded(17)) references: \(references.joined(separator: ", "))")
        }
    }
}

extension String {
    func padded(_ width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
}
