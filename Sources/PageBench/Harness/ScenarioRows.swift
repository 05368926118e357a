/// The rows of the seeds' scenarios (`WorkloadID` cases after `kmalloc-kfree`).
extension LayoutRows {
    func scenarioRows<L: PageLayout>(_ machine: borrowing Machine<L>, _ variant: WorkloadVariant)
        throws(BenchmarkError) -> [BenchmarkResult] {
        let plan = configuration.plan, seed = configuration.seed
        func row(_ measurement: Measurement, _ variant: String, _ note: String, layout: String = L.name) -> BenchmarkResult {
            let usage = Self.settledMetadata(machine)
            let arithmetic = layout == "floor" ? "" : (note.isEmpty ? "" : ";") + "arithmetic_bytes_per_page=\(usage.arithmeticBytesPerPage)"
            return BenchmarkResult(layout: layout, workload: workload, variant: variant, arenaBytes: configuration.arenaBytes,
                                   measurement: measurement, metadataBytesPerPage: usage.bytesPerPage, note: note + arithmetic)
        }

        switch workload {
        case .concurrentTryGet:
            let writer = variant.parameter("writer") == "on"
            let o = ConcurrentTryGet.run(machine, writer: writer, plan: plan, seed: seed, verify: configuration.verify)
            try check(machine, "after the concurrent run")
            if o.violations > 0 {
                throw .invariants(layout: L.name, workload: workload.rawValue,
                                  problems: ["\(o.violations) references held on pages that changed hands"])
            }
            let rate = o.gets == 0 ? 0 : Double(o.retries) / Double(o.gets)
            return [row(o.measurement, variant.name,
                        "retry_rate=\(rate);gets=\(o.gets);retries=\(o.retries);writer_ops=\(o.writerOperations)")]

        case .specialistAlloc:
            let order = variant.order ?? 0
            let entry: Scenarios.Typed<L>.Entry = variant.parameter("via") == "folio_alloc"
                ? .folio : variant.parameter("type") == "slab" ? .slab : .pageTable
            var notes: [String] = []
            let m = withUnsafePointer(to: machine) { ref in
                var batch = LIFOBatch(Scenarios.Typed(machine: ref, entry: entry, order: order), batch: 64, rounds: 16)
                return Self.measureLIFO(&batch, plan: plan, notes: &notes)
            }
            return [row(m, variant.name, notes.joined(separator: "; "))]

        case .slabFolio:
            var notes = [L.supportsNestedFolios ? "nested=yes" : "nested=approximated"]
            let m = withUnsafePointer(to: machine) { ref in
                var batch = LIFOBatch(Scenarios.NestedFolios(machine: ref), batch: 64, rounds: 16)
                return Self.measureLIFO(&batch, plan: plan, notes: &notes)
            }
            // The bill of 1024 live nested folios, per folio page.
            machine.shrink()
            let before = machine.metadata.totalBytes
            var live = LiveSet<Memdesc>(capacity: 1024)
            while live.count < 1024, let f = machine.folioAllocFromSlab() { live.append(f) }
            let perFolio = Double(machine.metadata.totalBytes - before) / Double(max(live.count, 1)) + Double(L.pageDescriptorSize)
            let result = row(m, variant.name, notes.joined(separator: ";") + ";metadata_per_folio_page=\(perFolio)")
            for i in 0..<live.count { machine.folioPut(live[i]) }
            live.deallocate()
            return [result]

        case .splitCollapse:
            guard let o = SplitCollapse.run(machine, plan: plan) else {
                return []
            }
            try check(machine, "after split and collapse")
            let failed = Measurement(nsPerOp: [o.failedNanoseconds], batchP50: o.failedNanoseconds,
                                     batchP99: o.failedNanoseconds, opsPerBatch: o.attempts, batchesPerRep: 1, checksum: 0)
            return [row(o.split, "op=split", "512 order-0 folios from one order-9 folio"),
                    row(o.collapse, "op=collapse", "one order-9 folio from 512 order-0 folios"),
                    row(failed, "op=split-no-memory", "failed=\(o.failed);attempts=\(o.attempts)")]

        case .compactionScan:
            // Churn: half-full, then as many replacements as the machine has pages/8.
            let state = HalfFullMachine(machine, seed: seed)
            let (scan, floor, final) = withUnsafePointer(to: machine) { ref in
                var churn = AllocFreeMixed.Pages<L>(machine: ref, state: state, random: WorkloadRandom(seed: seed ^ 0xc0))
                for _ in 0..<max(1, ref.pointee.pageCount / 8 / AllocFreeMixed.opsPerBatch) { _ = churn.runBatch() }
                var batch = LookupScan.Pages<L>(machine: ref, pageCount: ref.pointee.pageCount)
                var reference = LookupScan.Floor<L>(machine: ref, pageCount: ref.pointee.pageCount)
                let (scan, floor) = measure(&batch, against: &reference, plan: plan)
                return (scan, floor, churn.state)
            }
            try check(machine, "after the churn")
            let buddyinfo = machine.zone.buddyinfo.map(String.init).joined(separator: " ")
            var movable = 0
            for i in 0..<final.pages.count where final.pages[i].type == .folio {
                movable += 1 << machine.layout.order(of: final.pages[i])
            }
            let rows = [row(scan, variant.name, "buddyinfo=\(buddyinfo);movable_pages=\(movable)"),
                        row(floor, "layout=\(L.name)", "C loads over the \(L.name) memmap", layout: "floor")]
            final.release(machine)
            return rows

        case .freeList:
            // The free lists have to be long: first hold half the machine, freed in random
            // order, so the lists span the arena; then time order-0 allocation and free.
            let state = HalfFullMachine(machine, seed: seed)
            state.release(machine)
            let before = machine.memory.residentPages()
            var notes: [String] = []
            let m = withUnsafePointer(to: machine) { ref in
                var batch = LIFOBatch(AllocFree.Folios(machine: ref, order: 0), batch: 1024, rounds: 1)
                return Self.measureLIFO(&batch, plan: plan, notes: &notes)
            }
            let touched = machine.memory.residentPages() - before
            let store = FreeListStore.storeName(L.self)
            return [row(m, variant.name + ";store=\(store)",
                        (notes + ["data_pages_touched=\(touched)", "resident_data_pages=\(machine.memory.residentPages())"])
                            .joined(separator: ";"))]

        case .hugetlb where variant.parameter("op") == "lookup":
            let pool = HugeTLBScenario.Pool(machine)
            try check(machine, "set-up")
            let (lookups, floor) = withUnsafePointer(to: machine) { ref in
                var (batch, reference) = LookupRandom.withFloor(ref, seed: seed)
                return measure(&batch, against: &reference, plan: plan)
            }
            let state = machine.hugetlb.pointee
            let note = "pool_folios=\(state.folios);vmemmap_optimized=\(state.optimized);"
                + "vmemmap_saved_bytes=\(machine.vmemmapSavedBytes)"
            let rows = [row(lookups, variant.name, note),
                        row(floor, variant.name + ";layout=\(L.name)", "C loads over the \(L.name) memmap", layout: "floor")]
            pool.release(machine)
            return rows

        case .hugetlb:
            var notes: [String] = []
            let m = withUnsafePointer(to: machine) { ref in
                var batch = LIFOBatch(HugeTLBScenario.GrowShrink(machine: ref), batch: variant.batch!, rounds: 1)
                return Self.measureLIFO(&batch, plan: plan, notes: &notes)
            }
            try check(machine, "after growing and shrinking the pool")
            notes.append("vmemmap=" + (L.hugeTLBVmemmapOptimization ? "optimised and restored" : "untouched"))
            return [row(m, variant.name, notes.joined(separator: ";"))]

        default:
            return []
        }
    }
}
