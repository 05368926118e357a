/// The kernel's path side by side (issue "the kernel's own path"): for each machine state
/// and arena, the steps `legacy64` -> `interim32` -> the 16-byte layouts -> `memdesc8` as
/// columns; a row of metadata bytes per page (what the machine held, then the arithmetic
/// without slab slack) and a row per operation: `legacy64`'s ns/op, and for every later step
/// the ns it adds per operation with its 95 % interval from paired rounds (`*` when the
/// interval excludes 0).
public enum PathTable {
    /// The steps, in the plan's order; a file's other layouts are left out.
    public static let steps = ["legacy64", "interim32", "chead16", "twoword16", "memdesc8"]

    /// Where a state's metadata is read: a row of the workload that builds the state
    /// itself, so its bill is the state's alone.
    static let metadataWorkloads = ["lookup-random", "lookup-scan", "alloc-free-mixed"]

    public static let footnote = "legacy64: ns/op; later steps: ns added per operation [95 % interval], * when it excludes 0. "
        + "Metadata: B/page held (arithmetic without slab slack)."

    static func table(_ comparison: [ComparisonRow], _ rows: [ResultRow]) -> TextTable {
        let present = steps.filter { step in comparison.contains { $0.layout == step } }
        var table = TextTable(columns: ["state", "arena", "operation"] + present, rows: [])
        // Keep the file's order of workloads and variants within each state.
        var groups: [(state: String, arena: Int)] = []
        for row in comparison where present.contains(row.layout) {
            let group = (Variant(row.variant).parameters["state"] ?? "", row.arenaBytes)
            if !groups.contains(where: { $0 == group }) { groups.append(group) }
        }
        for group in groups {
            let mine = comparison.filter {
                $0.arenaBytes == group.arena && (Variant($0.variant).parameters["state"] ?? "") == group.state
            }
            let label: [TextTable.Cell] = [.text(group.state), .number(ByteSize.format(group.arena))]
            table.rows.append(label + [.text("metadata B/page")] + present.map { metadata(of: $0, in: group, rows) })
            var operations: [(workload: String, variant: String)] = []
            for row in mine where !operations.contains(where: { $0 == (row.workload, row.variant) }) {
                operations.append((row.workload, row.variant))
            }
            for (workload, variant) in operations {
                let cells = present.map { step -> TextTable.Cell in
                    guard let row = mine.first(where: { $0.layout == step && $0.workload == workload && $0.variant == variant })
                    else { return .missing }
                    if step == "legacy64" { return .number(NumberText.readable(row.nsPerOp)) }
                    return row.addedVsLegacy64.map { .number(IntervalText.bracketed($0, marking: 0, NumberText.readable)) }
                        ?? .missing
                }
                guard cells.contains(where: { $0 != .missing }) else { continue }
                let parameters = Variant(variant).parameters.filter { $0.key != "state" }
                    .sorted { $0.key < $1.key }.map { $0.value.isEmpty ? $0.key : "\($0.key)=\($0.value)" }
                let name = ([workload] + parameters).joined(separator: " ")
                table.rows.append(label + [.text(name)] + cells)
            }
        }
        return table
    }

    /// `held (arithmetic)` from the first row of a state-building workload in the group.
    static func metadata(of layout: String, in group: (state: String, arena: Int), _ rows: [ResultRow]) -> TextTable.Cell {
        guard let row = metadataRow(of: layout, state: group.state, arena: group.arena, rows) else { return .missing }
        let held = NumberText.bytesPerPage(row.metadataBytesPerPage)
        guard let arithmetic = row.counters.first(where: { $0.name == "arithmetic_bytes_per_page" })?.value else {
            return .number(held)
        }
        return .number("\(held) (\(NumberText.bytesPerPage(arithmetic)))")
    }

    /// The row a state's metadata is read from: the first row of `layout` in `state` (at
    /// `arena`, or at the largest arena measured when nil) of a workload that builds the state
    /// itself, else its first row there.
    static func metadataRow(of layout: String, state: String, arena: Int?, _ rows: [ResultRow]) -> ResultRow? {
        var candidates = rows.filter {
            $0.layout == layout && (Variant($0.variant).parameters["state"] ?? "") == state
                && (arena == nil || $0.arenaBytes == arena)
        }
        if arena == nil, let largest = candidates.map(\.arenaBytes).max() {
            candidates = candidates.filter { $0.arenaBytes == largest }
        }
        return metadataWorkloads.lazy.compactMap { w in candidates.first { $0.workload == w } }.first
            ?? candidates.first
    }
}

extension ResultFormat {
    /// Renders the path table of one run (`PathTable`); table and markdown end with its footnote.
    public func renderPath(_ comparison: [ComparisonRow], rows: [ResultRow]) -> String {
        let table = PathTable.table(comparison, rows)
        guard self == .table || self == .markdown else { return render(table) }
        return render(table) + "\n" + PathTable.footnote + "\n"
    }
}
