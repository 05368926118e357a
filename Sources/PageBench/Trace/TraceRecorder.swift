import Atomics
#if canImport(Glibc)
import Glibc
#endif

/// Records the tracepoints of `TraceEvent.Kind` from tracefs while a command runs (or for a
/// number of seconds), after a `Snapshot` of the machine: what `benchmarks record` writes.
///
/// It changes tracefs only for the recording (Documentation/trace/ftrace.rst): it mounts it
/// if it is not mounted, sizes the ring buffer, turns `tracing_on` on, enables its events and
/// clears the buffer; at the end, also after an error or a SIGINT, it undoes each of those
/// it did. Its own threads' events are left out (`set_event_notrace_pid`). A thread reads
/// every CPU's `trace_pipe_raw` (consuming readers, so the buffer only has to hold what the
/// reader is behind by), and `RawTraceDecoder` turns the pages into events afterwards, with
/// the tracepoints' `format` files. Needs root and a trace clock that counts nanoseconds.
public struct TraceRecorder {
    /// What runs while the events are on.
    public enum Workload: Sendable {
        /// A command, with this process's stdin, stdout, stderr and environment.
        case command([String])
        /// The whole machine, for this long.
        case sleep(seconds: Double)
    }

    public struct Recording {
        /// The machine when the recording started.
        public var snapshot: Snapshot
        /// The events, their string table and what could not be read.
        public var parsed: TraceEventLog
        /// With `checkText`: the events against the kernel's text of them (`trace`, read
        /// before the pages were, through `TraceLineParser`): the objects the text merges,
        /// or where the two differ.
        public var textCheck: Result<Int, TraceTextDifference>?
        /// The wall time of the command (or the sleep).
        public var seconds: Double
        /// Events the kernel overwrote or dropped (`per_cpu/cpu*/stats`: `overrun`,
        /// `dropped events`), or the missed-events counts of the pages read if those say more.
        public var lost: UInt64
        /// The command's exit status, a shell's 128 + n for a signal n; 0 for a sleep.
        public var exitStatus: Int32
        /// The signal (SIGINT, SIGTERM, SIGHUP) that ended the recording early.
        public var interruption: Int32?
        /// The ring buffer per CPU as tracefs reports it after sizing.
        public var bufferKiBPerCPU: Int
        /// Tracepoints this kernel does not have (not recorded).
        public var missing: [TraceEvent.Kind]
        /// What could not be restored or drained, one line each.
        public var warnings: [String]
        /// This process's threads (the main one, the reader), whose page faults and
        /// allocations would otherwise be a few per cent of a busy trace.
        public var recorderThreads: [Int32]
        /// The CPU time of this process (mostly the reader's copying of pages) from enabling
        /// the events to the end of the drain; the decoding after it, and `checkText`'s
        /// reading of the text, are not counted.
        public var recorderCPUSeconds: Double
        /// Whether their events were left out (`set_event_notrace_pid`; not when the kernel
        /// lacks it, or when `options/event-fork` would leave out the command too).
        public var recorderExcluded: Bool
    }

    /// Where tracefs is (or is mounted).
    public var tracefs = "/sys/kernel/tracing"
    /// The ring buffer per CPU (`buffer_size_kb`) while recording. 64 MiB holds about a
    /// million events per CPU: a build's bursts while the reader catches up.
    public var bufferKiBPerCPU = 64 << 10

    /// Reads nothing while the command runs: after it, the kernel's text of the events
    /// (`trace`, which does not consume them) and then the pages, for `Recording.text`. The
    /// buffer has to hold the whole recording.
    public var checkText = false

    public init(bufferKiBPerCPU: Int = 64 << 10, checkText: Bool = false) {
        self.bufferKiBPerCPU = bufferKiBPerCPU
        self.checkText = checkText
    }

    /// Records `workload`; tracefs is as it was afterwards, whatever happens.
    public func record(_ workload: Workload) throws(RecordError) -> Recording {
        guard geteuid() == 0 else { throw RecordError("recording needs root (tracefs and /proc/kpageflags)") }
        let trap = SignalTrap()
        defer { trap.restore() }
        var session = TracefsSession(root: tracefs)
        do {
            var recording = try record(workload, in: &session)
            recording.warnings += session.restore()
            return recording
        } catch {
            let failures = session.restore()
            throw failures.isEmpty ? error : RecordError("\(error.description); restoring tracefs: \(failures.joined(separator: "; "))")
        }
    }

    private func record(_ workload: Workload, in session: inout TracefsSession) throws(RecordError) -> Recording {
        try session.mountIfNeeded()
        let tracer = readFile(session.root + "/current_tracer")?.trimmingSpaces ?? "nop"
        guard tracer == "nop" else { throw RecordError("tracefs's current_tracer is \(tracer), not nop: its output would fill the buffer") }
        // The pages hold the clock's raw counts; these clocks count nanoseconds (ftrace.rst,
        // "trace_clock"), the others (counter, uptime, x86-tsc) do not.
        let clock = readFile(session.root + "/trace_clock").flatMap { $0.split(separator: "[").dropFirst().first?.split(separator: "]").first }.map(String.init) ?? "local"
        guard ["local", "global", "perf", "mono", "mono_raw", "boot", "tai"].contains(clock) else {
            throw RecordError("tracefs's trace_clock is \(clock), which does not count nanoseconds: set it to local")
        }
        let kinds = TraceEvent.Kind.allCases.filter { access(session.enablePath($0), W_OK) == 0 }
        guard !kinds.isEmpty else { throw RecordError("no tracepoint of the recording in \(session.root)/events") }
        let snapshot: Snapshot
        do throws(SnapshotError) { snapshot = try SnapshotCapture.take() } catch { throw RecordError(error.description) }
        if let signal = SignalTrap.caught { throw RecordError("interrupted by \(Self.signalName(signal)) before recording") }

        let decoder = try RawTraceDecoder(formats: session.formats(kinds))
        try session.setBuffer(kib: bufferKiBPerCPU)
        try session.setTracingOn()
        try session.clear()
        let before = TracefsSession.stats(session.root)
        let root = session.root
        let reader = try RawPipeReader(root: root, pageSize: session.subBufferBytes(), holdUntilStopped: checkText,
                                       stats: { TracefsSession.stats(root) })
        // On an error, the events go off before the drain, which ends only when they are off.
        defer { _ = session.disable(); reader.stop() }
        let threads = [getpid()] + (reader.waitForThreadID().map { [$0] } ?? [])
        let excluded = try session.exclude(threads)
        let cpuBefore = Self.cpuSeconds()
        try session.enable(kinds)
        let outcome = try Self.run(workload)
        var warnings: [String] = []
        warnings += session.disable()
        var text: TraceLineParser?
        var textCPU = 0.0
        if checkText {
            let start = Self.cpuSeconds()
            var parser = TraceLineParser()
            guard let lines = readFile(root + "/trace") else { throw RecordError("cannot read \(root)/trace: \(errnoText())") }
            for line in lines.split(separator: "\n") where !line.hasPrefix("#") { parser.parse(String(line)) }
            text = parser
            textCPU = Self.cpuSeconds() - start
        }
        if let failure = reader.stop() { warnings.append(failure) }
        if let failure = reader.failure { throw RecordError(failure) }
        let cpu = Self.cpuSeconds() - cpuBefore - textCPU
        let after = TracefsSession.stats(session.root)
        let parsed = reader.withPages { decoder.decode($0) }
        let lost = max(after.lost &- before.lost, parsed.lostReported)
        let kib = Int(readFile(session.root + "/buffer_size_kb")?.trimmingSpaces ?? "") ?? bufferKiBPerCPU
        return Recording(snapshot: snapshot, parsed: parsed, textCheck: text.map { parsed.mergedObjects(againstText: $0) }, seconds: outcome.seconds, lost: lost,
                         exitStatus: outcome.status, interruption: outcome.signal, bufferKiBPerCPU: kib,
                         missing: TraceEvent.Kind.allCases.filter { !kinds.contains($0) }, warnings: warnings,
                         recorderThreads: threads, recorderCPUSeconds: cpu, recorderExcluded: excluded)
    }

    /// User and system time of this process's threads (not of its children).
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let times = [usage.ru_utime, usage.ru_stime]
        return times.reduce(0) { $0 + Double($1.tv_sec) + Double($1.tv_usec) / 1e6 }
    }

    /// "SIGINT" for 2.
    public static func signalName(_ signal: Int32) -> String {
        switch signal {
        case SIGINT: "SIGINT"
        case SIGTERM: "SIGTERM"
        case SIGHUP: "SIGHUP"
        default: "signal \(signal)"
        }
    }

    /// Runs `command` untraced: its exit status (128 + n for a signal n) and wall time.
    public static func run(command: [String]) throws(RecordError) -> (status: Int32, seconds: Double) {
        let outcome = try run(.command(command))
        return (outcome.status, outcome.seconds)
    }

    private static func run(_ workload: Workload) throws(RecordError) -> (status: Int32, seconds: Double, signal: Int32?) {
        let start = monotonicNanoseconds()
        var seconds: Double { Double(monotonicNanoseconds() - start) / 1e9 }
        switch workload {
        case .sleep(let duration):
            while seconds < duration, SignalTrap.caught == nil {
                var step = timespec(tv_sec: 0, tv_nsec: Int(min(0.05, max(0, duration - seconds)) * 1e9))
                nanosleep(&step, nil)
            }
            return (0, seconds, SignalTrap.caught)
        case .command(let command):
            guard let name = command.first else { throw RecordError("no command to run") }
            var argv: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
            defer { for arg in argv { free(arg) } }
            var pid: pid_t = 0
            let rc = posix_spawnp(&pid, name, nil, nil, &argv, environ)
            guard rc == 0 else { throw RecordError("cannot run \(name): \(String(cString: strerror(rc)))") }
            var status: Int32 = 0, forwarded = false
            while waitpid(pid, &status, 0) < 0 {
                guard errno == EINTR else { throw RecordError("waiting for \(name): \(errnoText())") }
                // A signal sent to this process alone (a terminal's reaches the command too).
                if let signal = SignalTrap.caught, !forwarded { kill(pid, signal); forwarded = true }
            }
            let elapsed = seconds
            let exit = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + status & 0x7f
            return (exit, elapsed, SignalTrap.caught)
        }
    }
}

/// A failure to record, in one line.
public struct RecordError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// The tracefs state a recording changes, and how to put each change back.
private struct TracefsSession {
    let root: String
    var mounted = false
    /// `buffer_size_kb` and `tracing_on` as they were, if this recording wrote them.
    var bufferKiB: String?
    var tracingOn: String?
    /// `set_event_notrace_pid` as it was, if this recording wrote it.
    var notracePIDs: String?
    /// The `enable` files this recording set to 1.
    var enabled: [String] = []
    var cleared = false

    init(root: String) { self.root = root }

    func enablePath(_ kind: TraceEvent.Kind) -> String {
        "\(root)/events/\(kind.tracepoint.replacingColon)/enable"
    }

    /// The `format` file of each kind.
    func formats(_ kinds: [TraceEvent.Kind]) throws(RecordError) -> [TraceEvent.Kind: TracepointFormat] {
        var formats: [TraceEvent.Kind: TracepointFormat] = [:]
        for kind in kinds {
            let path = "\(root)/events/\(kind.tracepoint.replacingColon)/format"
            guard let text = readFile(path) else { throw RecordError("cannot read \(path): \(errnoText())") }
            switch TracepointFormat.parse(text) {
            case .success(let format): formats[kind] = format
            case .failure(let error): throw RecordError("\(path): \(error.description)")
            }
        }
        return formats
    }

    /// The bytes of a ring-buffer page, header included: `buffer_subbuf_size_kb` (6.8 and
    /// later), else the system page.
    func subBufferBytes() -> Int {
        if let kib = Int(readFile(root + "/buffer_subbuf_size_kb")?.trimmingSpaces ?? ""), kib > 0 { return kib << 10 }
        return Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    mutating func mountIfNeeded() throws(RecordError) {
        guard access(root + "/events", F_OK) != 0 else { return }
        guard mount("nodev", root, "tracefs", 0, nil) == 0 else {
            throw RecordError("cannot mount tracefs on \(root): \(errnoText())")
        }
        mounted = true
        guard access(root + "/events", F_OK) == 0 else { throw RecordError("tracefs on \(root) has no events directory") }
    }

    mutating func setBuffer(kib: Int) throws(RecordError) {
        let path = root + "/buffer_size_kb"
        guard let old = readFile(path)?.trimmingSpaces else { throw RecordError("cannot read \(path)") }
        // Before the first use it reads "7 (expanded: 1408)": the size it would expand to.
        let size = old.split(separator: " ").last.map { String($0.filter(\.isNumber)) } ?? old
        guard size != String(kib) else { return }
        bufferKiB = size
        guard write("\(kib)", to: path) else { throw RecordError("cannot set \(path) to \(kib): \(errnoText())") }
    }

    mutating func setTracingOn() throws(RecordError) {
        let path = root + "/tracing_on"
        guard let old = readFile(path)?.trimmingSpaces else { throw RecordError("cannot read \(path)") }
        guard old != "1" else { return }
        tracingOn = old
        guard write("1", to: path) else { throw RecordError("cannot write \(path): \(errnoText())") }
    }

    /// Empties the ring buffer: opening `trace` with O_TRUNC resets it (trace.c, `tracing_open`).
    mutating func clear() throws(RecordError) {
        cleared = true
        guard write("", to: root + "/trace") else { throw RecordError("cannot clear \(root)/trace: \(errnoText())") }
    }

    /// Leaves the events of `pids` out, if the kernel can (5.9 and later) without leaving
    /// out their children: with `options/event-fork` set, a forked task inherits the list
    /// (trace_events.c, `event_filter_pid_sched_process_fork`).
    mutating func exclude(_ pids: [Int32]) throws(RecordError) -> Bool {
        let path = root + "/set_event_notrace_pid"
        guard access(path, W_OK) == 0, readFile(root + "/options/event-fork")?.trimmingSpaces == "0",
              let old = readFile(path) else { return false }
        let list = old.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        notracePIDs = list
        guard write((pids.map(String.init) + [list]).filter { !$0.isEmpty }.joined(separator: " "), to: path) else {
            throw RecordError("cannot write \(path): \(errnoText())")
        }
        return true
    }

    mutating func enable(_ kinds: [TraceEvent.Kind]) throws(RecordError) {
        for kind in kinds {
            let path = enablePath(kind)
            guard readFile(path)?.trimmingSpaces != "1" else { continue }
            enabled.append(path)
            guard write("1", to: path) else { throw RecordError("cannot enable \(kind.tracepoint): \(errnoText())") }
        }
    }

    /// Disables the events this recording enabled; the failures.
    mutating func disable() -> [String] {
        var failures: [String] = []
        for path in enabled where !write("0", to: path) { failures.append("cannot write 0 to \(path): \(errnoText())") }
        enabled = []
        return failures
    }

    /// Undoes every change in the reverse order; the failures.
    mutating func restore() -> [String] {
        var failures = disable()
        if cleared, !write("", to: root + "/trace") { failures.append("cannot clear \(root)/trace: \(errnoText())") }
        cleared = false
        // Opening it with O_TRUNC empties the list (trace_events.c, `ftrace_event_set_npid_open`).
        if let old = notracePIDs, !write(old, to: root + "/set_event_notrace_pid") { failures.append("cannot restore set_event_notrace_pid: \(errnoText())") }
        notracePIDs = nil
        if let old = bufferKiB, !write(old, to: root + "/buffer_size_kb") { failures.append("cannot restore buffer_size_kb to \(old): \(errnoText())") }
        bufferKiB = nil
        if let old = tracingOn, !write(old, to: root + "/tracing_on") { failures.append("cannot restore tracing_on to \(old): \(errnoText())") }
        tracingOn = nil
        if mounted {
            // Something still inside (a shell's working directory): detach it instead.
            if umount2(root, 0) != 0, umount2(root, Int32(MNT_DETACH)) != 0 { failures.append("cannot unmount \(root): \(errnoText())") }
            mounted = false
        }
        return failures
    }

    /// The sums over `per_cpu/cpu*/stats` (trace.c, `tracing_stats_read`).
    static func stats(_ root: String) -> (entries: UInt64, lost: UInt64) {
        var entries: UInt64 = 0, lost: UInt64 = 0
        for cpu in directoryEntries(root + "/per_cpu") ?? [] where cpu.hasPrefix("cpu") {
            for line in (readFile("\(root)/per_cpu/\(cpu)/stats") ?? "").split(separator: "\n") {
                let field = line.split(separator: ":", maxSplits: 1)
                guard field.count == 2, let n = UInt64(field[1].trimmingCharacters(in: " ")) else { continue }
                switch field[0] {
                case "entries": entries += n
                case "overrun", "dropped events": lost += n
                default: break
                }
            }
        }
        return (entries, lost)
    }

    /// Writes `text` to a tracefs file, truncating it; false with errno set.
    func write(_ text: String, to path: String) -> Bool {
        let fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        return bytes.isEmpty || bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) } == bytes.count
    }
}

/// The thread that reads every CPU's `per_cpu/cpuN/trace_pipe_raw` while the command runs,
/// and drains them after the events are disabled. A `read` gives one sub-buffer of the ring
/// buffer (trace.c, `tracing_buffers_read`), whole or the part written so far; the reader
/// keeps each as it came (its header and used bytes) for `RawTraceDecoder` after the
/// recording, so that while the command runs it only copies: the kernel formats no text, as
/// it does for every line of `trace_pipe`. With `holdUntilStopped` it reads nothing until
/// `stop`, so that `trace` can be read first (`record --check-text`).
private final class RawPipeReader: @unchecked Sendable {
    /// Why reading stopped early.
    private(set) var failure: String?
    /// The reading thread's id (`gettid`, which Swift's Glibc does not import); 0 until it runs.
    private let threadID = ManagedAtomic<Int32>(0)
    private let files: [(cpu: UInt8, fd: Int32)]
    private let pageSize: Int
    private let stats: () -> (entries: UInt64, lost: UInt64)
    private let stopping = ManagedAtomic<Bool>(false)
    private let holdUntilStopped: Bool
    private var thread: pthread_t?
    private var drainFailure: String?
    /// The pages read, back to back: `offsets[i]..<offsets[i + 1]` is the i-th, from `cpus[i]`.
    private var store: UnsafeMutableRawPointer
    private var capacity: Int
    private var offsets: [Int] = [0]
    private var cpus: [UInt8] = []

    init(root: String, pageSize: Int, holdUntilStopped: Bool, stats: @escaping () -> (entries: UInt64, lost: UInt64)) throws(RecordError) {
        var files: [(cpu: UInt8, fd: Int32)] = []
        let numbers = (directoryEntries(root + "/per_cpu") ?? []).compactMap { $0.hasPrefix("cpu") ? Int($0.dropFirst(3)) : nil }.sorted()
        // A trace keeps an event's CPU in a byte.
        if let last = numbers.last, last > Int(UInt8.max) { throw RecordError("this machine has CPU \(last): a trace records CPUs 0 to 255 only") }
        for cpu in numbers.map({ UInt8($0) }) {
            let path = "\(root)/per_cpu/cpu\(cpu)/trace_pipe_raw"
            let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
            guard fd >= 0 else {
                for file in files { close(file.fd) }
                throw RecordError("cannot open \(path): \(errnoText())")
            }
            files.append((cpu, fd))
        }
        guard !files.isEmpty else { throw RecordError("no per_cpu/cpu*/trace_pipe_raw in \(root)") }
        self.files = files
        self.pageSize = pageSize
        self.stats = stats
        self.holdUntilStopped = holdUntilStopped
        capacity = 16 << 20
        store = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        // The recorder's signals go to the thread that waits for the command.
        var block = sigset_t(), old = sigset_t()
        sigemptyset(&block)
        for signal in SignalTrap.signals { sigaddset(&block, signal) }
        pthread_sigmask(SIG_BLOCK, &block, &old)
        defer { pthread_sigmask(SIG_SETMASK, &old, nil) }
        var id = pthread_t()
        let context = Unmanaged.passRetained(self).toOpaque()
        let rc = pthread_create(&id, nil, { context in
            guard let context else { return nil }
            let reader = Unmanaged<RawPipeReader>.fromOpaque(context).takeRetainedValue()
            reader.loop()
            return nil
        }, context)
        guard rc == 0 else {
            Unmanaged<RawPipeReader>.fromOpaque(context).release()
            throw RecordError("cannot start the trace_pipe_raw reader: \(String(cString: strerror(rc)))")
        }
        thread = id
    }

    deinit {
        for file in files { close(file.fd) }
        store.deallocate()
    }

    /// The reading thread's id, once it has started (nil if it cannot tell).
    func waitForThreadID() -> Int32? {
        for _ in 0..<1000 {
            let tid = threadID.load(ordering: .acquiring)
            if tid != 0 { return tid > 0 ? tid : nil }
            usleep(1000)
        }
        return nil
    }

    /// Drains what is left and joins the thread; what could not be drained.
    @discardableResult
    func stop() -> String? {
        guard let id = thread else { return nil }
        thread = nil
        stopping.store(true, ordering: .releasing)
        pthread_join(id, nil)
        return drainFailure
    }

    /// The pages read, after `stop`.
    func withPages<R>(_ body: ([(cpu: UInt8, bytes: UnsafeRawBufferPointer)]) -> R) -> R {
        let pages = cpus.indices.map { i in
            (cpu: cpus[i], bytes: UnsafeRawBufferPointer(start: store + offsets[i], count: offsets[i + 1] - offsets[i]))
        }
        return body(pages)
    }

    private func loop() {
        var link = [CChar](repeating: 0, count: 64)
        let n = readlink("/proc/thread-self", &link, link.count - 1)  // "pid/task/tid"
        let tid = n > 0 ? Int32(String(decoding: link[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self).split(separator: "/").last ?? "") : nil
        threadID.store(tid ?? -1, ordering: .releasing)
        let page = UnsafeMutableRawPointer.allocate(byteCount: pageSize, alignment: 16)
        defer { page.deallocate() }
        var emptyReads = 0
        // `per_cpu` lists every possible CPU; one never brought online has no buffer to read.
        var readable = [Bool](repeating: true, count: files.count)
        while holdUntilStopped, !stopping.load(ordering: .acquiring) { usleep(2000) }
        while true {
            var readAny = false
            for (f, file) in files.enumerated() where readable[f] {
                // At most 64 pages of one CPU before the next CPU's turn.
                for _ in 0..<64 {
                    let n = read(file.fd, page, pageSize)
                    if n == pageSize {
                        keep(UnsafeRawBufferPointer(start: page, count: n), cpu: file.cpu)
                        readAny = true
                        continue
                    }
                    if n < 0, errno == EINTR { continue }
                    if n < 0, errno == ENODEV { readable[f] = false; break }
                    if n > 0 {
                        failure = "cpu\(file.cpu)'s trace_pipe_raw gave \(n) bytes of a \(pageSize)-byte page"
                        return
                    }
                    guard n == 0 || errno == EAGAIN else {
                        failure = "cannot read cpu\(file.cpu)'s trace_pipe_raw: \(errnoText())"
                        return
                    }
                    break
                }
            }
            if readAny { continue }
            if stopping.load(ordering: .acquiring) {
                // Empty, and the events are off: done once the buffers hold nothing unread.
                let left = stats().entries
                if left == 0 { break }
                emptyReads += 1
                if emptyReads > 500 { drainFailure = "\(left) events left unread in the ring buffer"; break }
            }
            usleep(2000)
        }
    }

    /// Keeps a page's header and the bytes its commit says are used (with a stored
    /// missed-events count after them): a page read while its CPU is writing it holds only
    /// the records written so far. Every page read stays in memory until the recording ends
    /// (about 50 bytes an event): a long machine-wide `--seconds` recording needs that much.
    private func keep(_ page: UnsafeRawBufferPointer, cpu: UInt8) {
        let commit = page.loadUnaligned(fromByteOffset: RingBufferPage.commitOffset, as: UInt64.self)
        if commit & RingBufferPage.commitMask == 0, commit & RingBufferPage.missedEvents == 0 { return }
        let stored = commit & RingBufferPage.missedStored != 0 ? 8 : 0
        let used = min(page.count, RingBufferPage.dataOffset + Int(commit & RingBufferPage.commitMask) + stored)
        let end = offsets[offsets.count - 1]
        if end + used > capacity {
            let grown = UnsafeMutableRawPointer.allocate(byteCount: max(2 * capacity, end + used), alignment: 16)
            grown.copyMemory(from: store, byteCount: end)
            store.deallocate()
            store = grown
            capacity = max(2 * capacity, end + used)
        }
        (store + end).copyMemory(from: page.baseAddress!, byteCount: used)
        offsets.append(end + used)
        cpus.append(cpu)
    }
}

/// The last of the handled signals caught, for the handler to set and the recorder to read.
private let caughtSignal = ManagedAtomic<Int32>(0)

/// SIGINT, SIGTERM and SIGHUP while recording: noted, so that the command ends, the trace is
/// drained and tracefs restored, instead of the process dying with the events on.
private struct SignalTrap {
    static let signals = [SIGINT, SIGTERM, SIGHUP]
    private var saved: [(signal: Int32, action: sigaction)] = []

    static var caught: Int32? {
        let signal = caughtSignal.load(ordering: .relaxed)
        return signal == 0 ? nil : signal
    }

    init() {
        caughtSignal.store(0, ordering: .relaxed)
        for signal in Self.signals {
            var action = sigaction(), old = sigaction()
            action.__sigaction_handler.sa_handler = { caughtSignal.store($0, ordering: .relaxed) }
            sigemptyset(&action.sa_mask)
            // No SA_RESTART: waitpid returns EINTR and the signal is passed to the command.
            action.sa_flags = 0
            sigaction(signal, &action, &old)
            saved.append((signal, old))
        }
    }

    func restore() {
        for var entry in saved { sigaction(entry.signal, &entry.action, nil) }
    }
}


private extension String {
    /// "kmem:mm_page_alloc" as its tracefs directory "kmem/mm_page_alloc".
    var replacingColon: String { String(map { $0 == ":" ? "/" : $0 }) }

    func trimmingCharacters(in set: String) -> String { String(drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed()) }
}

private extension Substring {
    func trimmingCharacters(in set: String) -> String { String(self).trimmingCharacters(in: set) }
}
