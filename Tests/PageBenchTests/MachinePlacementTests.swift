@testable import PageBench
import Testing

/// The `Machine` struct sits in the first `ControlBlock.machineWindow` bytes of its page and
/// nothing the allocators store to is carved there, so the struct's loads never share their
/// place in a page with those stores. Where they did, the 512-byte `kmalloc-kfree` rows ran
/// 1.1 to 1.6x slower (`results/machine-offset/`).
@Suite("Machine placement")
struct MachinePlacementTests {
    static let page = PageGeometry.pageSize
    static let window = ControlBlock.machineWindow

    static func pageOffset(_ pointer: UnsafeRawPointer) -> Int { Int(UInt(bitPattern: pointer) % UInt(page)) }

    /// `bytes` at `pointer` lie past the window of one page.
    static func pastTheWindow(_ pointer: UnsafeRawPointer, _ bytes: Int) -> Bool {
        let offset = pageOffset(pointer)
        return offset >= window && offset + bytes <= page
    }

    /// The zone's and the per-CPU lists' state in the control block: each list head's first
    /// words (a bitmap's header), `nr_free` and `per_cpu_pages`, with the bytes stored to.
    static func listState<L: PageLayout>(_ machine: borrowing Machine<L>) -> [(String, UnsafeRawPointer, Int)] {
        let head = min(L.listHeadSize(pageCount: machine.pageCount), 64)
        var pieces: [(String, UnsafeRawPointer, Int)] = []
        for order in 0..<PageGeometry.orderCount {
            pieces.append(("free_area[\(order)]", UnsafeRawPointer(machine.zone.freeList(order)), head))
        }
        for index in 0..<PerCPUPages<L>.lists {
            pieces.append(("pcp list \(index)", UnsafeRawPointer(machine.pages.list(index)), head))
        }
        pieces.append(("nr_free", UnsafeRawPointer(machine.zone.counters), 8 * (PageGeometry.orderCount + 1)))
        pieces.append(("per_cpu_pages", UnsafeRawPointer(machine.pages.state), MemoryLayout<PCPState>.size))
        return pieces
    }

    /// Every piece of allocator state a machine stores to at a fixed place: the list heads'
    /// first words (a bitmap's header), the counters, the per-CPU state, every `kmem_cache`,
    /// the HugeTLB counters, the descriptor pageblocks' counters, the per-CPU lock's words. Not a
    /// bitmap's words, placed by pfn. The `KernelGlobals`, loaded by every allocation and free,
    /// sit in the window and share their place in a page with none of them.
    struct StatePastTheWindow: LayoutTest {
        static func run<L: PageLayout>(_ layout: L.Type) throws {
            for pageCount in [4096, 4296, 1 << 16] {  // 4296: the zero descriptor mid-page
                let machine = try Machine<L>(pageCount: pageCount, hugePageMemmap: false, hugePageDescriptors: true)
                var pieces = MachinePlacementTests.listState(machine)
                pieces.append(("pcp->lock", UnsafeRawPointer(machine.pages.lock.words), MemoryLayout<SpinLock.Storage>.size))
                for slot in 0..<CacheIndex.count {
                    pieces.append((CacheIndex.name(slot), UnsafeRawPointer(machine.cache(slot)), MemoryLayout<KmemCache>.size))
                }
                pieces.append(("hugetlb", UnsafeRawPointer(machine.hugetlb), MemoryLayout<HugeTLBState>.size))
                if let unmovable = machine.slab.unmovable {
                    pieces.append(("descriptor pageblocks' counts", UnsafeRawPointer(unmovable.counts), 3 * 8))
                }
                // The globals, loaded by every allocation and free, sit past the zero descriptor,
                // inside the mapping, and at no place in a page any piece of state above takes.
                let globals = UnsafeRawPointer(machine.layout.globals)
                let memmapEnd = UnsafeRawPointer(machine.layout.memmap) + L.memmapBytes(pageCount: pageCount)
                #expect(globals >= machine.layout.zeroDescriptor + 64 && globals + MemoryLayout<KernelGlobals>.size
                        <= memmapEnd + 2 * PageGeometry.pageSize, "\(L.name) at \(pageCount) pages")
                let globalsOffsets = MachinePlacementTests.pageOffset(globals)..<(MachinePlacementTests.pageOffset(globals) + MemoryLayout<KernelGlobals>.size)
                for (name, pointer, bytes) in pieces {
                    let offsets = MachinePlacementTests.pageOffset(pointer)..<(MachinePlacementTests.pageOffset(pointer) + bytes)
                    #expect(!globalsOffsets.overlaps(offsets),
                            "\(L.name) at \(pageCount) pages: KernelGlobals share their place in a page with \(name)")
                }
                for (name, pointer, bytes) in pieces {
                    #expect(MachinePlacementTests.pastTheWindow(pointer, bytes),
                            "\(L.name) at \(pageCount) pages: \(name) at \(MachinePlacementTests.pageOffset(pointer)) into its page")
                }
            }
        }
    }

    @Test(arguments: LayoutID.allCases)
    func noAllocatorStateInTheWindow(_ id: LayoutID) throws { try run(StatePastTheWindow.self, on: id) }

    /// The `kmem_cache`s are the first state carved in the control block, so they sit at the
    /// same places in every layout. Carved after the free-list heads, a bitmap store's heads
    /// (megabytes) put `chead16-bitmap`'s and `memdesc8-bitmap`'s caches elsewhere, and those
    /// two layouts took most of `kmalloc-kfree`'s rare slow rounds
    /// (`results/kmalloc-slow-rounds/caches-first/`).
    struct CachesFirst: LayoutTest {
        static func run<L: PageLayout>(_ layout: L.Type) throws {
            let machine = try Machine<L>(pageCount: 1 << 16, hugePageMemmap: false, hugePageDescriptors: true)
            let caches = UnsafeRawPointer(machine.cache(0))
            #expect(MachinePlacementTests.pageOffset(caches) == MachinePlacementTests.window, "\(L.name)")
            for (name, pointer, _) in MachinePlacementTests.listState(machine) {
                #expect(caches < pointer, "\(L.name): the caches after \(name)")
            }
        }
    }

    @Test(arguments: LayoutID.allCases)
    func cachesComeFirstInEveryLayout(_ id: LayoutID) throws { try run(CachesFirst.self, on: id) }

    /// Every layout's struct fits the window from every place a round may draw.
    struct FitsTheWindow: LayoutTest {
        static func run<L: PageLayout>(_ layout: L.Type) throws {
            #expect(MemoryLayout<Machine<L>>.size <= Setup.machineBytesLimit, "\(L.name)")
        }
    }

    @Test(arguments: LayoutID.allCases)
    func everyMachineFitsTheWindow(_ id: LayoutID) throws { try run(FitsTheWindow.self, on: id) }

    @Test func aMachineSitsWhereItIsPlaced() throws {
        for offset in [0, 64, Self.window - Setup.machineBytesLimit] {
            let box = try MachineBox<Legacy64>(pageCount: 4096, hugePageMemmap: false, pageOffset: offset)
            #expect(Self.pageOffset(box.ref) == offset)
        }
    }

    /// The runner's set-up hands the round's place to every machine it makes.
    @Test func everyMachineOfARoundSharesItsPlace() throws {
        let setup = Setup(pageCount: 4096, seed: 1, references: false, verify: false, workload: "kmalloc-kfree",
                          machineOffset: 192)
        let preparation = Preparation(workload: .kmallocKfree, variant: WorkloadVariant(batch: 16, size: 512),
                                      setup: setup, hugePageMemmap: false)
        let boxes = try (0..<3).map { _ in try preparation.machine(Legacy64.self) }
        let other = try preparation.machine(CHead16.self)
        #expect(boxes.map { Self.pageOffset($0.ref) } == [192, 192, 192])
        #expect(Self.pageOffset(other.ref) == 192)
    }

    /// Aligned places in the window, the same for a round whatever asks, and spread over the
    /// rounds (a constant place would be one draw for the whole run, as the stack was).
    @Test func eachRoundDrawsItsPlace() {
        let places = (0..<64).map { Setup.machineOffset(seed: 1, round: $0) }
        #expect(places.allSatisfy { $0 >= 0 && $0 <= Self.window - Setup.machineBytesLimit && $0 % 64 == 0 })
        #expect(Set(places).count == (Self.window - Setup.machineBytesLimit) / 64 + 1)
        #expect(places == (0..<64).map { Setup.machineOffset(seed: 1, round: $0) })
        #expect(places != (0..<64).map { Setup.machineOffset(seed: 2, round: $0) })
    }
}
