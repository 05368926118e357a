/// The report's first section (issue "findings a kernel developer can act on"): for each
/// machine state and each recorded trace, every layout against `legacy64`: metadata per
/// page (and per TiB of RAM) and the nanoseconds it adds or saves per operation, each with
/// its 95 % interval from paired rounds. A cell whose interval holds 0 says so instead of
/// showing a number that looks like a difference.
enum DecisionTable {
    /// One column: the row of `workload` whose variant has `parameters` (other keys may differ).
    struct Operation {
        var label: String
        var workload: String
        var parameters: [String: String]
    }

    /// The operations the memdesc debate weighs, in the order a reader asks about them.
    static let operations: [Operation] = [
        Operation(label: "lookup, throughput", workload: "lookup-random", parameters: ["mode": "throughput"]),
        Operation(label: "lookup, latency", workload: "lookup-random", parameters: ["mode": "latency"]),
        Operation(label: "order-0 alloc+free", workload: "alloc-free", parameters: ["order": "0", "batch": "1"]),
        Operation(label: "THP alloc+free", workload: "alloc-free", parameters: ["order": "9", "batch": "1"]),
        Operation(label: "kmalloc+kfree 64 B", workload: "kmalloc-kfree", parameters: ["size": "64", "batch": "16"]),
        Operation(label: "scan, per pfn", workload: "lookup-scan", parameters: [:]),
        Operation(label: "split+collapse", workload: "split-collapse", parameters: ["op": "split+collapse"]),
        Operation(label: "speculative ref", workload: "concurrent-tryget", parameters: ["writer": "off"]),
    ]

    /// A replayed trace's columns: per replayed operation of the whole stream, and of each
    /// kind. An operation is not an event: a page-cache event looks up every folio in its
    /// range (`PageBench/Trace/TraceRule.swift`), so `traceNote` gives the conversion.
    static let traceOperations: [Operation] = [
        Operation(label: "all events, per op", workload: "trace", parameters: ["events": "all"]),
        Operation(label: "page events, per op", workload: "trace", parameters: ["events": "pages"]),
        Operation(label: "slab events, per op", workload: "trace", parameters: ["events": "slab"]),
        Operation(label: "lookups, per op", workload: "trace", parameters: ["events": "lookups"]),
    ]

    /// Under a trace's title: cells are per replayed operation, and how many operations the
    /// recorded events became (`legacy64`'s `events=all` row's counters; nil without them).
    static func traceNote(_ context: ReportContext, state: String) -> String? {
        guard let all = context.rows.first(where: {
            $0.layout == Comparison.legacy64 && $0.workload == "trace" && $0.state == state && $0.parameters["events"] == "all"
        }), let ops = all.measured("replay_ops"), let events = all.measured("trace_events"), events > 0 else { return nil }
        let perEvent = String(format: "%.2f", ops / events)
        return "Cells are ns per replayed operation, not per recorded event: the \(ReportNumber.count(events)) events "
            + "became \(ReportNumber.count(ops)) operations (\(perEvent) per event: an event can become several "
            + "operations, as a page-cache lookup of a range of folios, or none, as an event the replay skips), so ns per event is ns/op × \(perEvent)."
    }

    static let legend = "Each cell is the nanoseconds a layout adds (+) or saves (-) per operation against `legacy64` "
        + "in the same rounds, with its 95 % interval; `legacy64`'s own row is its ns/op with the interval of its "
        + "estimate. \"\(ReportNumber.noDifference)\" means the interval holds 0: the run cannot tell the two apart. "
        + "A dash: not measured in that state, or not in the same run as `legacy64`. Metadata is `struct page` plus descriptors per 4 KiB page, as held "
        + "by the machine in that state; GiB per TiB is the same bill for 1 TiB of RAM (B/page ÷ 4)."

    static func render(_ context: ReportContext) -> ReportSection? {
        var blocks = [legend]
        var tables = 0
        for state in states(context) {
            let isTrace = context.rows.contains { $0.workload == "trace" && $0.state == state }
            guard let table = table(context, state: state, operations: isTrace ? traceOperations : operations) else { continue }
            let title = isTrace ? "Replayed trace `\(state.dropFirst("replay:".count))`"
                : state.isEmpty ? "Rows without a machine state" : "Machine state `\(state)`"
            let note = isTrace ? traceNote(context, state: state).map { "\n\n" + $0 } ?? "" : ""
            blocks.append("**\(title)**" + note + "\n\n" + table)
            tables += 1
        }
        guard tables > 0 else { return nil }
        return ReportSection(heading: "Decision table: each layout against `legacy64`", blocks: blocks)
    }

    /// Machine states in first-seen order ("" for rows of files from before machine states).
    static func states(_ context: ReportContext) -> [String] {
        var seen: Set<String> = []
        return context.rows.map(\.state).filter { seen.insert($0).inserted }
    }

    /// The Markdown table of one state, and under it where each column's rows came from; nil
    /// when no layout has a row of these operations in `state`.
    static func table(_ context: ReportContext, state: String, operations: [Operation]) -> String? {
        func candidates(_ layout: String, _ operation: Operation) -> [ResultRow] {
            context.rows.filter { candidate in
                let parameters = candidate.parameters
                return candidate.layout == layout && candidate.workload == operation.workload
                    && candidate.state == state && operation.parameters.allSatisfy { parameters[$0.key] == $0.value }
            }
        }
        // A column is one arena: `legacy64`'s, else that of the first layout measured.
        var arenas: [String: Int] = [:]
        for operation in operations {
            let first = candidates(Comparison.legacy64, operation).first
                ?? context.layouts.lazy.compactMap { candidates($0, operation).first }.first
            arenas[operation.label] = first?.arenaBytes
        }
        func row(_ layout: String, _ operation: Operation) -> ResultRow? {
            candidates(layout, operation).first { $0.arenaBytes == arenas[operation.label] }
        }
        let present = operations.filter { operation in context.layouts.contains { row($0, operation) != nil } }
        let layouts = context.layouts.filter { layout in present.contains { row(layout, $0) != nil } }
        guard !present.isEmpty, !layouts.isEmpty else { return nil }

        let columns = ["layout", "metadata B/page", "GiB per TiB"] + present.map(\.label)
        let rows: [[TextTable.Cell]] = layouts.map { layout in
            let metadata = PathTable.metadataRow(of: layout, state: state, arena: nil, context.rows)?.metadata
            var cells: [TextTable.Cell] = [.text(layout),
                                           metadata.map { .number(ReportNumber.bytesPerPage($0)) } ?? .text("—"),
                                           metadata.map { .number(NumberText.fixed($0 / 4, decimals: 2)) } ?? .text("—")]
            for operation in present {
                guard let mine = row(layout, operation) else { cells.append(.text("—")); continue }
                if layout == Comparison.legacy64 {
                    cells.append(.number(ReportNumber.interval(mine) + " ns"))
                } else {
                    let legacy = context.rows.first {
                        $0.layout == Comparison.legacy64 && $0.workload == mine.workload && $0.arenaBytes == mine.arenaBytes
                            && Variant($0.variant) == Variant(mine.variant)
                    }
                    // Nothing when legacy64 was not measured beside it (another run, or none).
                    cells.append(context.difference(mine, legacy).map { .number(ReportNumber.added($0)) } ?? .text("—"))
                }
            }
            return cells
        }
        var text = TextTable(columns: columns, rows: rows).markdown()

        // Where each column came from: a column may come from another run than its neighbours.
        var sources: [String] = []
        for operation in present {
            guard let any = row(Comparison.legacy64, operation) ?? layouts.lazy.compactMap({ row($0, operation) }).first
            else { continue }
            let run = context.run(of: any)
            sources.append("\(operation.label): " + (run.isEmpty ? "" : "`\(run)`, ") + "\(ByteSize.format(any.arenaBytes)), "
                           + "\(any.rounds) rounds, variant `\(any.variant)`")
        }
        text += "\nRows: " + sources.joined(separator: "; ") + ".\n"
        return text
    }
}
