import Foundation

/// What the host did to a round, read between the round's slices: the time of a fixed
/// stretch of independent integer work (`compute`), which slows when the core's width is
/// taken from it (likely by another tenant on this vCPU's sibling hyperthread: nothing in the
/// guest ran beside it), and of a chase through 8 MiB (`chase`), which slows when others take
/// the shared last-level cache. On this guest, sampled 192 times in 60 s with nothing else
/// running: the compute stretch 1.93 to 3.37 ns a step (median 1.97) and the 8 MiB chase 45
/// to 136 ns (median 74), while a dependent multiply chain kept within 7 % of its median; in
/// 30 s of compute stretches the guest's other vCPU stayed idle and no steal time was counted
/// (`results/host-probe/`). The harness cannot stop a neighbour; it records the probe, so
/// that a round's speed has a measured correlate, and runs a round again when the compute
/// reading is high (`BenchmarkRunner.rounds`).
///
/// One sample costs about 4 µs of compute and 64 dependent loads (8 to 19 µs in the
/// harness's rounds), before every slice (every 0.5 ms of the round's subjects together) and
/// after a repetition's last, outside every timed batch.
struct HostProbe: ~Copyable {
    static let computeSteps = 2048
    static let chaseSteps = 64
    static let chaseBytes = 8 << 20
    static let lineBytes = 64
    /// A round's reading: the median ns per step of each probe over the round's samples.
    struct Reading: Sendable, Equatable {
        var computeNanoseconds: Double
        var chaseNanoseconds: Double
    }

    /// A round whose compute reading is this much over its CPU's quiet level counts as
    /// contended (at `1fa09ba` the quiet levels read 1.91 to 1.93 ns a step here, and rounds
    /// up to 3.77).
    static let contendedRatio = 1.10
    /// Compute stretches a CPU's quiet level is first measured from.
    static let calibrationSamples = 500

    private let mapping: Mapping
    /// The compute stretch's eight chains, kept in memory between stretches: a stretch
    /// that reads and writes memory the clock could touch stays between its clock reads,
    /// and is not computed once for a loop of them.
    private let chains: UnsafeMutablePointer<UInt64>
    /// Each CPU's quiet level: the 10th percentile of a burst of compute stretches when the
    /// CPU is first seen, then lowered by any quieter round. Contention comes in episodes,
    /// and even a contended burst holds quiet stretches.
    private var quiet: [Int: Double] = [:]
    /// Where the chase is: the byte offset of the next line, in each line.
    private var position = 0
    private var compute: [UInt64] = []
    private var chase: [UInt64] = []

    init(seed: UInt64) {
        guard let mapping = Mapping(byteCount: Self.chaseBytes, hugePages: true) else {
            fatalError("cannot map the host probe's \(Self.chaseBytes >> 20) MiB")
        }
        // One cycle through every line, in a random order: no stride for a prefetcher.
        let lines = Self.chaseBytes / Self.lineBytes
        var random = WorkloadRandom(seed: seed)
        let order = random.shuffled(Array(0..<lines))
        for k in 0..<lines {
            mapping.base.storeBytes(of: order[(k + 1) % lines] * Self.lineBytes,
                                    toByteOffset: order[k] * Self.lineBytes, as: Int.self)
        }
        self.mapping = mapping
        chains = .allocate(capacity: 8)
        chains.initialize(from: Array(1...8), count: 8)
        compute.reserveCapacity(4096)
        chase.reserveCapacity(4096)
    }

    deinit { chains.deallocate() }

    /// Times one stretch of each probe. The subjects before it may have pushed the loop's
    /// code and the clock's page out of every cache: an untimed short stretch and clock read
    /// bring them back first (timed cold, in a diagnostic run before this was added, the
    /// stretch read up to 14 % slower after rows with many cache misses than after others).
    mutating func sample() {
        Self.computeStretch(Self.computeSteps / 8, chains)
        _ = monotonicNanoseconds()
        var start = monotonicNanoseconds()
        Self.computeStretch(Self.computeSteps, chains)
        var end = monotonicNanoseconds()
        compute.append(end &- start)
        start = monotonicNanoseconds()
        var p = position
        for _ in 0..<Self.chaseSteps { p = mapping.base.load(fromByteOffset: p, as: Int.self) }
        end = monotonicNanoseconds()
        position = p
        chase.append(end &- start)
    }

    /// The reading of the samples since the last call (nil if there were none), and a fresh start.
    mutating func endRound() -> Reading? {
        defer {
            compute.removeAll(keepingCapacity: true)
            chase.removeAll(keepingCapacity: true)
        }
        guard !compute.isEmpty else { return nil }
        return Reading(computeNanoseconds: Self.perStep(compute, rank: compute.count / 2, steps: Self.computeSteps),
                       chaseNanoseconds: Self.perStep(chase, rank: chase.count / 2, steps: Self.chaseSteps))
    }

    /// The `rank`-th shortest of `times`, in ns a step of `steps`.
    static func perStep(_ times: [UInt64], rank: Int, steps: Int) -> Double {
        Double(times.sorted()[rank]) / Double(steps)
    }

    /// Measures `cpu`'s quiet level if it has none (run pinned to that CPU).
    mutating func calibrate(cpu: Int) {
        guard quiet[cpu] == nil else { return }
        var times: [UInt64] = []
        times.reserveCapacity(Self.calibrationSamples)
        Self.computeStretch(Self.computeSteps, chains)
        for _ in 0..<Self.calibrationSamples {
            let start = monotonicNanoseconds()
            Self.computeStretch(Self.computeSteps, chains)
            times.append(monotonicNanoseconds() &- start)
        }
        quiet[cpu] = Self.perStep(times, rank: Self.calibrationSamples / 10, steps: Self.computeSteps)
    }

    /// `cpu`'s quiet level, ns a step, once measured.
    func quietLevel(cpu: Int) -> Double? { quiet[cpu] }

    /// Why a round on `cpu` with this reading counts as contended (nil if it does not); a
    /// quieter reading than the CPU's level becomes its level.
    mutating func contention(_ reading: Reading, cpu: Int) -> String? {
        let level = min(quiet[cpu] ?? reading.computeNanoseconds, reading.computeNanoseconds)
        quiet[cpu] = level
        guard reading.computeNanoseconds > Self.contendedRatio * level else { return nil }
        let text = { (x: Double) in String(format: "%.2f", x) }
        return "host probe \(text(reading.computeNanoseconds)) ns a step, over \(Self.contendedRatio)x its quiet \(text(level))"
    }

    /// Eight chains of adds and xors, each step feeding the next: about four of its
    /// sixteen operations can run at once, so it needs the core's width, which a busy
    /// sibling hyperthread takes.
    @inline(never)
    static func computeStretch(_ steps: Int, _ chains: UnsafeMutablePointer<UInt64>) {
        var a = chains[0], b = chains[1], c = chains[2], d = chains[3]
        var e = chains[4], f = chains[5], g = chains[6], h = chains[7]
        for i in 0..<UInt64(steps) {
            a &+= b ^ i; b &+= c ^ a; c &+= d ^ i; d &+= e ^ c
            e &+= f ^ i; f &+= g ^ e; g &+= h ^ i; h &+= a ^ g
        }
        chains[0] = a; chains[1] = b; chains[2] = c; chains[3] = d
        chains[4] = e; chains[5] = f; chains[6] = g; chains[7] = h
    }
}
