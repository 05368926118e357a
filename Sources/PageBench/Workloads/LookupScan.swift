import CFloor

/// `lookup-scan`: walk every pfn like compaction's free and migrate scanners, classify the
/// block by type and skip it by its order. A batch is one whole walk; ns per pfn.
enum LookupScan {
    struct Pages<L: PageLayout>: TimedBatch {
        let machine: MachineRef<L>
        let pageCount: Int
        var opsPerBatch: Int { pageCount }

        @inline(__always)
        mutating func runBatch() -> UInt64 {
            let layout = machine.pointee.layout
            var pfn = 0, sum: UInt64 = 0
            while pfn < pageCount {
                let (type, order) = layout.classify(pfn)
                sum &+= UInt64(type.rawValue)
                pfn += 1 << order
            }
            return sum
        }
    }

    struct Floor<L: PageLayout>: TimedBatch {
        let machine: MachineRef<L>
        let pageCount: Int
        var opsPerBatch: Int { pageCount }

        mutating func runBatch() -> UInt64 {
            let memmap = UnsafeRawPointer(machine.pointee.layout.memmap)
            switch L.floorPattern {
            case .compoundHead:
                return floor_scan_legacy64(memmap, UInt64(pageCount))
            case let .twoWords(shift, mask):
                return floor_scan_word_order(memmap, UInt64(pageCount), shift, mask)
            }
        }
    }
}
