extension WorkloadID {
    /// Rounds x repetitions of the workloads, or of their variants, whose plan is not the
    /// run's, for the run's sidecar: `kmalloc-kfree=12x3`,
    /// `alloc-free[state=half-full;order=9;batch=1]=12x3`. Variants that fit none of the
    /// run's arenas (`pageCounts`) are left out, as the run skips them.
    public static func plans(of workloads: [WorkloadID], departingFrom run: TimingPlan, quick: Bool,
                             states: [MachineState], traces: [ReplayTrace], pageCounts: [Int]) -> String {
        workloads.flatMap { workload -> [String] in
            let variants = workload.variants(quick: quick, states: states, traces: traces).filter { variant in
                pageCounts.contains { workload.skipReason(variant, pageCount: $0) == nil }
            }
            let plans = variants.map { workload.plan(run, $0) }
            let departing = zip(variants, plans).filter { $0.1.rounds != run.rounds || $0.1.reps != run.reps }
            if departing.count == variants.count, let first = plans.first,
               plans.allSatisfy({ $0.rounds == first.rounds && $0.reps == first.reps }) {
                return ["\(workload.rawValue)=\(first.rounds)x\(first.reps)"]
            }
            return departing.map { "\(workload.rawValue)[\($0.0.name)]=\($0.1.rounds)x\($0.1.reps)" }
        }.joined(separator: " ")
    }
}
