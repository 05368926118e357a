import Foundation

/// The report's provenance: every run it read, with the revision, time and command from its
/// sidecar, so each figure can be traced to the run that made it and made again.
enum RunsSection {
    static func render(_ context: ReportContext) -> ReportSection? {
        let runs = context.runs.filter { !$0.name.isEmpty }
        guard !runs.isEmpty else { return nil }
        let table = TextTable(
            columns: ["run", "rows", "revision", "CPU", "started (UTC)", "wall time", "peak RSS", "command"],
            rows: runs.map { run in
                guard let meta = run.metadata else {
                    return [.text(run.name), .number(String(run.rows.count)), .text("no sidecar"), .missing, .missing, .missing,
                            .missing, .missing]
                }
                let revision = meta.gitRevision + (meta.gitDirty == false ? "" : meta.gitDirty == true ? " (dirty)" : " (?)")
                return [.text(run.name), .number(String(run.rows.count)), .text(revision), .text(meta.cpuModel), .text(meta.startTime),
                        meta.wallSeconds.map { .number(duration($0)) } ?? .text("not recorded"),
                        meta.peakResidentBytes.map { .number(String(format: "%.0f MiB", Double($0) / 1_048_576)) } ?? .text("not recorded"),
                        .text("`" + meta.commandLine.joined(separator: " ") + "`")]
            })
        var blocks = ["Every figure above comes from these files under `results/`, each written by one run of the "
                      + "command shown, from the revision shown (`(dirty)`: uncommitted changes, which "
                      + "`scripts/results` refuses). `scripts/results` makes them all again."]
        let old = runs.filter { $0.metadata != nil && $0.metadata?.wallSeconds == nil }
        if !old.isEmpty {
            blocks.append("\"not recorded\": the run predates sidecars that keep their wall time and peak memory.")
        }
        blocks.append(table.markdown())
        return ReportSection(heading: "Runs", blocks: blocks)
    }

    /// `7 min 02 s`, `42 s`.
    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        guard whole >= 60 else { return "\(whole) s" }
        let hours = whole / 3600, minutes = whole / 60 % 60, rest = whole % 60
        let text = String(format: "%d min %02d s", minutes, rest)
        return hours > 0 ? "\(hours) h " + text : text
    }
}
