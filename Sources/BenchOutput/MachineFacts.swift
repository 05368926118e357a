import Foundation

/// Reads the facts about this machine that change benchmark numbers.
///
/// Each probe tolerates failure (a container without /sys, no git, no swift on PATH) and
/// reports nil or "unknown" instead, because a missing fact must never stop a run. The
/// parsers take text so tests can feed them canned /proc contents.
public enum MachineFacts {
    /// `model name` from /proc/cpuinfo (x86); falls back to `Processor`/`CPU part` lines (arm64).
    static func cpuModel(cpuinfo: String) -> String? {
        for key in ["model name", "Processor", "Hardware"] {
            if let value = field(key, in: cpuinfo) { return value }
        }
        return nil
    }

    /// Number of `processor` entries in /proc/cpuinfo: the logical CPUs the kernel brought up.
    static func processorCount(cpuinfo: String) -> Int? {
        let n = cpuinfo.split(separator: "\n").filter { line in
            line.split(separator: ":", maxSplits: 1).first?.trimmingCharacters(in: .whitespaces) == "processor"
        }.count
        return n > 0 ? n : nil
    }

    /// `MemTotal` from /proc/meminfo, in bytes.
    static func memTotalBytes(meminfo: String) -> Int? {
        guard let value = field("MemTotal", in: meminfo) else { return nil }
        let parts = value.split(separator: " ")
        guard let number = parts.first.flatMap({ Int($0) }) else { return nil }
        return parts.count > 1 && parts[1].lowercased() == "kb" ? number * 1024 : number
    }

    /// The selected mode in /sys/kernel/mm/transparent_hugepage/enabled,
    /// e.g. `always [madvise] never` → `madvise`.
    static func transparentHugepage(enabled: String) -> String? {
        guard let open = enabled.firstIndex(of: "["),
              let close = enabled[open...].firstIndex(of: "]") else { return nil }
        return String(enabled[enabled.index(after: open)..<close])
    }

    /// `uname -r`. Only the release is read; never the node (host) name.
    public static func kernelRelease() -> String? {
        var info = utsname()
        guard uname(&info) == 0 else { return nil }
        return withUnsafeBytes(of: &info.release) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }

    /// The highest-level CPU cache of CPU 0 (`/sys/devices/system/cpu/cpu0/cache/index*/`),
    /// from its `size` (`266240K`); nil when sysfs does not say.
    static func lastLevelCacheBytes() -> Int? {
        var best: (level: Int, bytes: Int)? = nil
        for index in 0..<8 {
            let folder = "/sys/devices/system/cpu/cpu0/cache/index\(index)/"
            guard let level = readFile(folder + "level").flatMap({ Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }),
                  let size = readFile(folder + "size").flatMap({ cacheSize($0) }) else { continue }
            if best == nil || level > best!.level { best = (level, size) }
        }
        return best?.bytes
    }

    /// `266240K` → 272629760; `32M` → 33554432; nil for anything else.
    static func cacheSize(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
        if let last = trimmed.last, let unit = units[last] { return Int(trimmed.dropLast()).map { $0 * unit } }
        return Int(trimmed)
    }

    /// Whether a virtio balloon gives the memory this guest frees back to its host: free page
    /// reporting negotiated by a device bound to `virtio_balloon` (`VIRTIO_BALLOON_F_REPORTING`,
    /// feature bit 5, include/uapi/linux/virtio_balloon.h; sysfs's `features` lists the
    /// negotiated bits). The next first write to such memory has the host back it again, and
    /// costs more (`results/first-touch/`). Other balloons (Hyper-V's) are not read: `off`
    /// says only that no virtio balloon reports. nil when there is no /sys/bus to read.
    static func freePageReporting() -> String? {
        let bus = "/sys/bus/virtio/devices"
        guard FileManager.default.fileExists(atPath: "/sys/bus") else { return nil }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: bus)) ?? []
        let devices = names.map { name in
            (device: readFile("\(bus)/\(name)/device")?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "",
             driver: (try? FileManager.default.destinationOfSymbolicLink(atPath: "\(bus)/\(name)/driver"))
                .map { String($0.split(separator: "/").last ?? "") },
             features: readFile("\(bus)/\(name)/features") ?? "")
        }
        return freePageReporting(devices: devices, order: readFile("/sys/module/page_reporting/parameters/page_reporting_order"))
    }

    /// `on, order N` (the smallest order reported, from `page_reporting_order`), `on`, or
    /// `off`, from the virtio devices' id (`0x0005` is the balloon), bound driver and
    /// negotiated feature bits as sysfs prints them, one `0`/`1` per bit from bit 0.
    static func freePageReporting(devices: [(device: String, driver: String?, features: String)], order: String?) -> String {
        let reporting = devices.contains { d in
            d.device == "0x0005" && d.driver == "virtio_balloon" && d.features.dropFirst(5).first == "1"
        }
        guard reporting else { return "off" }
        return order.flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }.map { "on, order \($0)" } ?? "on"
    }

    /// This process's peak resident memory so far (`ru_maxrss`, which Linux counts in KiB).
    static func peakResidentBytes() -> Int? {
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return nil }
        return usage.ru_maxrss * 1024
    }

    /// First line of `swift --version`, e.g. `Swift version 6.3.1 (swift-6.3.1-RELEASE)`.
    static func swiftVersion() -> String? {
        guard let output = run(["swift", "--version"]) else { return nil }
        let lines = output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        return lines.first { $0.contains("Swift version") } ?? lines.first
    }

    /// Short commit hash of the checkout holding `directory`, and whether its tracked files
    /// have uncommitted changes (numbers from a dirty tree are not reproducible from the hash).
    static func gitRevision(in directory: String = ".") -> (revision: String, dirty: Bool?)? {
        guard let revision = run(["git", "-C", directory, "rev-parse", "--short", "HEAD"])?
            .trimmingCharacters(in: .whitespacesAndNewlines), !revision.isEmpty else { return nil }
        // Results are what runs write: a tree whose code is committed is clean, whatever
        // the runs before this one left in results/. Both pathspecs are from the checkout's
        // top, so a run started in a subfolder (results/ itself) reads the same tree.
        let status = run(["git", "-C", directory, "status", "--porcelain", "--untracked-files=no",
                          "--", ":(top)", ":(top,exclude)results"])
        return (revision, status.map { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty })
    }

    static func readFile(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Runs a command found on PATH; its stdout if it exits 0, otherwise nil.
    static func run(_ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return nil
        }
        // Read before waiting, so a chatty command cannot fill the pipe and block.
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// The value after `key:` on the first line starting with `key`, trimmed.
    private static func field(_ key: String, in text: String) -> String? {
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == key else { continue }
            let value = parts[1].trimmingCharacters(in: .whitespaces)
            if !value.isEmpty { return value }
        }
        return nil
    }
}
