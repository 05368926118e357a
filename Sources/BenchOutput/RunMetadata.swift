import Foundation

/// What is needed to interpret or reproduce a results file, written next to it as
/// `<results>.csv.meta.json`.
///
/// Nanoseconds mean little without the CPU, kernel, THP mode, compiler and commit they
/// were measured on. Results files get shared on mailing lists, so this deliberately holds
/// no host name and no absolute paths: absolute paths in the command line and settings
/// are cut to their last component.
public struct RunMetadata: Codable, Equatable, Sendable {
    /// `model name` from /proc/cpuinfo.
    public var cpuModel: String
    /// Logical CPUs online.
    public var cpuCount: Int
    /// `MemTotal` from /proc/meminfo, in bytes; nil if unavailable.
    public var memTotalBytes: Int?
    /// Size of the last-level cache (the highest `index*` level in sysfs), in bytes; nil if
    /// unknown. The report marks where each memmap outgrows it.
    public var lastLevelCacheBytes: Int?
    /// The curves `TLBProbe` measured before an arena sweep of the lookups, from which
    /// `TLBReach` reads the data TLB's reach; nil for other runs and where the probe could not
    /// run. The report marks where each memmap outgrows the reach.
    public var tlbReach: TLBReach?
    /// `uname -r`.
    public var kernel: String
    /// Selected mode of /sys/kernel/mm/transparent_hugepage/enabled (`always`, `madvise`, `never`).
    public var transparentHugepage: String
    /// Whether a virtio balloon reports the memory this guest frees to its host (`on, order
    /// 9`, `off`): where one does, a first write to memory freed a while ago costs the host's
    /// backing too, which rows that fault in timed batches pay (`MachineFacts.freePageReporting`);
    /// nil without sysfs, or when the sidecar predates it.
    public var freePageReporting: String?
    /// First line of `swift --version`.
    public var swiftVersion: String
    /// `git rev-parse --short HEAD`, or "unknown".
    public var gitRevision: String
    /// Whether tracked files had uncommitted changes; nil if unknown.
    public var gitDirty: Bool?
    /// The command line, with absolute paths reduced to file names.
    public var commandLine: [String]
    /// Seed of the run's random number generator.
    public var seed: UInt64
    /// When the run started, UTC, ISO 8601 (e.g. `2025-01-31T12:00:00Z`).
    public var startTime: String
    /// Any other settings worth recording (sizes, repetitions, pinning, ...).
    public var settings: [String: String]
    /// How long the run took, start to last row, in seconds; nil while it runs (a sidecar
    /// without it belongs to a run that did not finish, or to one from before it was kept).
    public var wallSeconds: Double?
    /// The process's peak resident memory (`getrusage`'s `ru_maxrss`) when the run ended.
    public var peakResidentBytes: Int?

    public init(cpuModel: String, cpuCount: Int, memTotalBytes: Int?, kernel: String,
                transparentHugepage: String, swiftVersion: String, gitRevision: String,
                gitDirty: Bool?, commandLine: [String], seed: UInt64, startTime: String,
                settings: [String: String]) {
        self.cpuModel = cpuModel
        self.cpuCount = cpuCount
        self.memTotalBytes = memTotalBytes
        self.kernel = kernel
        self.transparentHugepage = transparentHugepage
        self.swiftVersion = swiftVersion
        self.gitRevision = gitRevision
        self.gitDirty = gitDirty
        self.commandLine = commandLine
        self.seed = seed
        self.startTime = startTime
        self.settings = settings
    }

    /// Unknown optional facts are written as `null` rather than left out, so every sidecar
    /// has the same keys.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(cpuModel, forKey: .cpuModel)
        try c.encode(cpuCount, forKey: .cpuCount)
        try c.encode(memTotalBytes, forKey: .memTotalBytes)
        try c.encode(lastLevelCacheBytes, forKey: .lastLevelCacheBytes)
        try c.encode(tlbReach, forKey: .tlbReach)
        try c.encode(kernel, forKey: .kernel)
        try c.encode(transparentHugepage, forKey: .transparentHugepage)
        try c.encode(freePageReporting, forKey: .freePageReporting)
        try c.encode(swiftVersion, forKey: .swiftVersion)
        try c.encode(gitRevision, forKey: .gitRevision)
        try c.encode(gitDirty, forKey: .gitDirty)
        try c.encode(commandLine, forKey: .commandLine)
        try c.encode(seed, forKey: .seed)
        try c.encode(startTime, forKey: .startTime)
        try c.encode(settings, forKey: .settings)
        try c.encode(wallSeconds, forKey: .wallSeconds)
        try c.encode(peakResidentBytes, forKey: .peakResidentBytes)
    }

    /// The same sidecar with what is known only at the end: the wall time and the peak
    /// resident memory of this process so far.
    public func finished(wallSeconds: Double) -> RunMetadata {
        var copy = self
        copy.wallSeconds = wallSeconds
        copy.peakResidentBytes = MachineFacts.peakResidentBytes()
        return copy
    }

    /// Probes this machine. Runs `swift --version` and `git` (in the current directory),
    /// so call it once at start-up, outside anything timed. Never throws: unknown facts
    /// are recorded as "unknown".
    public static func collect(
        commandLine: [String] = CommandLine.arguments,
        seed: UInt64,
        settings: [String: String] = [:],
        startTime: Date = Date()
    ) -> RunMetadata {
        let cpuinfo = MachineFacts.readFile("/proc/cpuinfo") ?? ""
        let meminfo = MachineFacts.readFile("/proc/meminfo") ?? ""
        let thp = MachineFacts.readFile("/sys/kernel/mm/transparent_hugepage/enabled") ?? ""
        let git = MachineFacts.gitRevision()
        var metadata = RunMetadata(
            cpuModel: MachineFacts.cpuModel(cpuinfo: cpuinfo) ?? "unknown",
            cpuCount: MachineFacts.processorCount(cpuinfo: cpuinfo) ?? ProcessInfo.processInfo.activeProcessorCount,
            memTotalBytes: MachineFacts.memTotalBytes(meminfo: meminfo),
            kernel: MachineFacts.kernelRelease() ?? "unknown",
            transparentHugepage: MachineFacts.transparentHugepage(enabled: thp) ?? "unknown",
            swiftVersion: MachineFacts.swiftVersion() ?? "unknown",
            gitRevision: git?.revision ?? "unknown",
            gitDirty: git?.dirty,
            commandLine: sanitized(commandLine: commandLine),
            seed: seed,
            startTime: iso8601(startTime),
            settings: settings.mapValues(sanitized(setting:)))
        metadata.lastLevelCacheBytes = MachineFacts.lastLevelCacheBytes()
        metadata.freePageReporting = MachineFacts.freePageReporting()
        return metadata
    }

    /// Writes pretty-printed JSON (keys sorted, so two sidecars diff cleanly).
    /// Throws a one-line `BenchOutputError` if the file cannot be written.
    public func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data: Data
        do {
            data = try encoder.encode(self)
        } catch {
            throw BenchOutputError("cannot encode run metadata: \(error)")
        }
        do {
            try PosixFile.writeWholeFile(path, String(decoding: data, as: UTF8.self) + "\n")
        } catch {
            throw BenchOutputError("cannot write run metadata to \"\(path)\": \(error.message)")
        }
    }

    /// Reads a sidecar back.
    public static func read(path: String) throws -> RunMetadata {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BenchOutputError("cannot read run metadata from \"\(path)\"")
        }
        do {
            return try JSONDecoder().decode(RunMetadata.self, from: data)
        } catch {
            throw BenchOutputError("\(path): not a run metadata file: \(error.localizedDescription)")
        }
    }

    /// Absolute paths (whole arguments, or the value of `--opt=/abs/path`) become their last
    /// component, so neither home directories nor user names leak into shared files.
    static func sanitized(commandLine: [String]) -> [String] {
        commandLine.map(sanitized(argument:))
    }

    /// A setting may list several paths ("a.trace (N events) b.trace (M events)"): each word
    /// is an argument, or the whole list would shrink to its last path's last component.
    static func sanitized(setting: String) -> String {
        setting.split(separator: " ", omittingEmptySubsequences: false).map { sanitized(argument: String($0)) }.joined(separator: " ")
    }

    static func sanitized(argument: String) -> String {
        if argument.hasPrefix("/") { return lastComponent(argument) }
        if let eq = argument.firstIndex(of: "="), argument[argument.index(after: eq)...].hasPrefix("/") {
            return String(argument[...eq]) + lastComponent(String(argument[argument.index(after: eq)...]))
        }
        return argument
    }

    private static func lastComponent(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? "/"
    }

    public static func iso8601(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
