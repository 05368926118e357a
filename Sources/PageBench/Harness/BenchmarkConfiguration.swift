/// What to run.
public struct BenchmarkConfiguration: Sendable {
    public var layouts: [LayoutID]
    public var workloads: [WorkloadID]
    public var arenaBytes: Int
    public var plan: TimingPlan
    public var seed: UInt64
    public var quick: Bool
    /// `MADV_HUGEPAGE` on the memmap.
    public var hugePageMemmap: Bool
    /// Check the machine's invariants after each set-up and each measurement (not timed).
    public var verify: Bool
    /// Also run the jemalloc and floor reference rows.
    public var references: Bool

    public init(layouts: [LayoutID] = LayoutID.allCases, workloads: [WorkloadID] = WorkloadID.allCases,
                arenaBytes: Int = 4 << 30, plan: TimingPlan = TimingPlan(), seed: UInt64 = 1,
                quick: Bool = false, hugePageMemmap: Bool = true, verify: Bool = false, references: Bool = true) {
        self.layouts = layouts
        self.workloads = workloads
        self.arenaBytes = arenaBytes
        self.plan = plan
        self.seed = seed
        self.quick = quick
        self.hugePageMemmap = hugePageMemmap
        self.verify = verify
        self.references = references
    }

    public var pageCount: Int { arenaBytes >> PageGeometry.pageShift }
}

/// Whether this build was optimised: timings from a debug build are not worth publishing.
public var isOptimizedBuild: Bool {
    #if DEBUG
    false
    #else
    true
    #endif
}
