import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import BenchOutput

/// A result row for report tests: only what the report reads, the rest fixed.
func reportRow(_ layout: String, _ workload: String, _ variant: String = "", arena: Int = 4 << 30,
               ns: Double, metadata: Double = 64, counters: [Counter] = [], note: String = "") -> ResultRow {
    ResultRow(layout: layout, workload: workload, variant: variant, arenaBytes: arena, rounds: 5, opsPerRep: 1000,
              reps: 25, nsPerOp: ns, ciLow: ns * 0.98, ciHigh: ns * 1.02,
              nsPerOpMedian: ns, nsPerOpMin: ns * 0.9, nsPerOpMax: ns * 1.1, metadataBytesPerPage: metadata,
              batchP50Ns: ns * 16, batchP99Ns: ns * 32, opsPerBatch: 16, checksum: 0xabc, counters: counters, note: note)
}

/// Counters from `name: value` pairs, in order.
func counters(_ pairs: KeyValuePairs<String, Double>) -> [Counter] {
    pairs.map { Counter($0.key, $0.value) }
}

/// `free_blocks_order_0` ... for `counts`, order by order.
func freeBlocks(_ counts: [Double]) -> [Counter] {
    counts.enumerated().map { Counter("free_blocks_order_\($0.offset)", $0.element) }
}

let MiB = 1 << 20, GiB = 1 << 30, TiB = 1 << 40

/// Random lookups at 64 MiB, 1 GiB and 1 TiB, with floors for two layouts, and a jemalloc row.
let lookupRows: [ResultRow] = [
    reportRow("legacy64", "lookup-random", arena: 64 * MiB, ns: 17.3),
    reportRow("twoword16", "lookup-random", arena: 64 * MiB, ns: 31.2, metadata: 19.46),
    reportRow("chead16", "lookup-random", arena: 64 * MiB, ns: 25.0, metadata: 19.46),
    reportRow("floor", "lookup-random", "layout=legacy64", arena: 64 * MiB, ns: 17.0),
    reportRow("floor", "lookup-random", "layout=twoword16", arena: 64 * MiB, ns: 30.0),
    reportRow("legacy64", "lookup-random", arena: 1 * GiB, ns: 40.0),
    reportRow("twoword16", "lookup-random", arena: 1 * GiB, ns: 44.0, metadata: 19.46),
    reportRow("chead16", "lookup-random", arena: 1 * GiB, ns: 42.0, metadata: 19.46),
    reportRow("legacy64", "lookup-random", arena: 1 * TiB, ns: 100.0),
    reportRow("twoword16", "lookup-random", arena: 1 * TiB, ns: 80.0, metadata: 16.5),
    reportRow("chead16", "lookup-random", arena: 1 * TiB, ns: 75.0, metadata: 16.5),
    reportRow("floor", "lookup-random", "layout=legacy64", arena: 1 * TiB, ns: 95.0),
    reportRow("floor", "lookup-random", "layout=twoword16", arena: 1 * TiB, ns: 64.0),
    reportRow("jemalloc", "lookup-random", arena: 1 * TiB, ns: 50.0, metadata: 75),
]

/// Elements and attributes of an SVG (or any XML) document, checked by Foundation's parser.
final class SVGInspector: NSObject, XMLParserDelegate {
    struct Element {
        var name: String
        var attributes: [String: String]
        var text = ""
    }

    private(set) var elements: [Element] = []
    private var open: [Int] = []
    private(set) var parsed = false
    private(set) var error: String?

    init(_ svg: String) {
        super.init()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = self
        parsed = parser.parse()
        if !parsed { error = parser.parserError.map { "\($0)" } ?? "unknown" }
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        elements.append(Element(name: elementName, attributes: attributeDict))
        open.append(elements.count - 1)
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let index = open.last { elements[index].text += string }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        _ = open.popLast()
    }

    /// `<text>` elements, by their content.
    func texts(_ content: String) -> [Element] {
        elements.filter { $0.name == "text" && $0.text == content }
    }

    func elements(named name: String) -> [Element] { elements.filter { $0.name == name } }
}
