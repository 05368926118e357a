/// What to run.
public struct BenchmarkConfiguration: Sendable {
    /// Layouts in the run. A layout named twice is measured twice, as copy `name#2` (an
    /// A/A check of the whole pipeline: its ratios to the first must come out at 1).
    public var layouts: [LayoutID]
    public var workloads: [WorkloadID]
    public var arenaBytes: Int
    /// The machine states every workload runs in (`--state`).
    public var states: [MachineState]
    public var plan: TimingPlan
    public var seed: UInt64
    public var quick: Bool
    /// `MADV_HUGEPAGE` on the memmap.
    public var hugePageMemmap: Bool
    /// Check the machine's invariants after each set-up and each measurement (not timed).
    public var verify: Bool
    /// Also run the jemalloc and floor reference rows.
    public var references: Bool
    /// Pin the measuring thread to one CPU per round, alternating CPUs between rounds.
    public var pin: Bool
    /// Run a round again when its `HostProbe` compute reading is over
    /// `HostProbe.contendedRatio` times its CPU's quiet level (`BenchmarkRunner.rounds`).
    public var rerunContended: Bool
    /// `check_pages_enabled` in every machine (`KernelGlobals`): off, as in the kernel's defaults.
    public var checkPages: Bool
    /// Descriptor caches in huge-page-mapped pageblocks of their own (`UnmovableBlocks`).
    public var hugePageDescriptors: Bool
    /// The simulated memory itself madvised `MADV_HUGEPAGE`, as the kernel's direct map.
    public var hugePageArena: Bool
    /// The traces the `trace` workload replays (`--trace`).
    public var traces: [ReplayTrace] = []

    public init(layouts: [LayoutID] = LayoutID.allCases, workloads: [WorkloadID] = WorkloadID.synthetic,
                arenaBytes: Int = 4 << 30, states: [MachineState] = [.default], plan: TimingPlan = TimingPlan(), seed: UInt64 = 1,
                quick: Bool = false, hugePageMemmap: Bool = true, verify: Bool = false, references: Bool = true,
                pin: Bool = true, rerunContended: Bool = true, checkPages: Bool = false, hugePageDescriptors: Bool = true,
                hugePageArena: Bool = false) {
        self.layouts = layouts
        self.workloads = workloads
        self.arenaBytes = arenaBytes
        self.states = states
        self.plan = plan
        self.seed = seed
        self.quick = quick
        self.hugePageMemmap = hugePageMemmap
        self.verify = verify
        self.references = references
        self.pin = pin
        self.rerunContended = rerunContended
        self.checkPages = checkPages
        self.hugePageDescriptors = hugePageDescriptors
        self.hugePageArena = hugePageArena
    }

    public var pageCount: Int { arenaBytes >> PageGeometry.pageShift }

    /// The layouts with their row names: `legacy64`, and `legacy64#2` for a second copy.
    public var instances: [(id: LayoutID, label: String)] {
        var seen: [LayoutID: Int] = [:]
        return layouts.map { id in
            seen[id, default: 0] += 1
            return (id, seen[id]! == 1 ? id.rawValue : "\(id.rawValue)#\(seen[id]!)")
        }
    }
}

/// Whether this module, which holds every timed loop, was compiled optimised: timings of
/// unoptimised code are not worth publishing. Asked of the compiler's assert configuration,
/// not of `DEBUG`, which SwiftPM defines for the debug configuration even when this module
/// is built with `-O` (Package.swift).
public var isOptimizedBuild: Bool { !_isDebugAssertConfiguration() }
