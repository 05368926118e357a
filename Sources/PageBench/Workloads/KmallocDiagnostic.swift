import Foundation

/// Diagnostic only (reverted): where a `kmalloc-kfree` round's hot addresses lie, virtual
/// and physical, printed after the round's timing for joining with its samples.
enum KmallocDiagnostic {
    static func pfn(_ address: UInt) -> UInt64 {
        let fd = open("/proc/self/pagemap", O_RDONLY)
        guard fd >= 0 else { return 0 }
        defer { close(fd) }
        var entry: UInt64 = 0
        let n = pread(fd, &entry, 8, off_t(address / 4096) * 8)
        guard n == 8, entry & (1 << 63) != 0 else { return 0 }
        return entry & ((1 << 55) - 1)
    }

    static func line<L: PageLayout>(_ ref: MachineRef<L>, size: Int, batch: Int, handles: UInt) -> String {
        let m = ref
        let cache = m.pointee.cache(CacheIndex.kmalloc(size: size))
        let cacheAddress = UInt(bitPattern: cache)
        let slab = cache.pointee.cpuSlab, object = cache.pointee.cpuFreelist
        let machine = UInt(bitPattern: m)
        let stack = UInt(bitPattern: stackGap)
        let memmap = UInt(bitPattern: m.pointee.layout.memmap)
        let arena = UInt(bitPattern: m.pointee.memory.base)
        func hex(_ v: UInt) -> String { "0x" + String(v, radix: 16) }
        let fields: [(String, UInt)] = [("machine", machine), ("cache", cacheAddress), ("slab", slab), ("object", object),
                                        ("handles", handles), ("stack", stack), ("memmap", memmap), ("arena", arena)]
        return "DIAG \(L.name) size=\(size) batch=\(batch) " + fields.map { name, v in
            "\(name)=\(hex(v)) \(name)_pfn=\(v == 0 ? 0 : pfn(v))"
        }.joined(separator: " ")
    }
}

import CMemfd

extension KmallocDiagnostic {
    /// ns per op of `subject`: the median of 101 timed batches after 20 warm ones.
    static func nsPerOp(_ subject: some TimedSubject) -> Double {
        for _ in 0..<20 { subject.warm() }
        var times = [UInt64](repeating: 0, count: 101)
        times.withUnsafeMutableBufferPointer { buffer in
            for i in 0..<101 { _ = subject.time(pieces: 1, into: buffer.baseAddress! + i) }
        }
        times.sort()
        return Double(times[50]) / Double(subject.opsPerBatch)
    }

    /// The round's row timed again alone, then with one thing moved at a time.
    static func experiments<L: PageLayout>(_ ref: MachineRef<L>, original: some TimedSubject, size: Int, batch: Int,
                                           rounds: Int, cpu: Int) -> String {
        let t0 = nsPerOp(original)
        let cache0 = ref.pointee.cache(CacheIndex.kmalloc(size: size))
        let fresh = Subject(LIFOBatch(KmallocKfree.Objects(machine: ref, size: size), batch: batch, rounds: rounds), owner: nil)
        let t1 = nsPerOp(fresh)
        let hoisted = Subject(LIFOBatch(HoistedObjects(machine: ref, size: size), batch: batch, rounds: rounds), owner: nil)
        let th = nsPerOp(hoisted)
        // The machine struct's bits copied to a new page at the same offset.
        let page = UnsafeMutableRawPointer.allocate(byteCount: 2 * 4096, alignment: 4096)
        memset(page, 0, 2 * 4096)
        let offset = Int(UInt(bitPattern: ref) & 0xfff)
        (page + offset).copyMemory(from: UnsafeRawPointer(ref), byteCount: MemoryLayout<Machine<L>>.size)
        let copy = MachineRef<L>((page + offset).assumingMemoryBound(to: Machine<L>.self))
        let moved = Subject(LIFOBatch(KmallocKfree.Objects(machine: copy, size: size), batch: batch, rounds: rounds), owner: nil)
        let t2 = nsPerOp(moved)
        let t2b = nsPerOp(original)
        // The same frame at another address: mremap the machine's page away and back.
        let machinePage = UnsafeMutableRawPointer(mutating: UnsafeRawPointer(ref)) - offset
        let pfnBefore = pfn(UInt(bitPattern: machinePage))
        let scratch = mmap(nil, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)!
        _ = pb_diag_move_page(machinePage, scratch)
        let there = MachineRef<L>((scratch + offset).assumingMemoryBound(to: Machine<L>.self))
        let pfnThere = pfn(UInt(bitPattern: scratch))
        let sameFrame = Subject(LIFOBatch(KmallocKfree.Objects(machine: there, size: size), batch: batch, rounds: rounds), owner: nil)
        let t3 = nsPerOp(sameFrame)
        _ = pb_diag_move_page(scratch, machinePage)
        let t3b = nsPerOp(original)
        // Another frame under one page at a time: the machine's, the objects', the cache's.
        func replaceFrame(_ page: UnsafeMutableRawPointer) -> String {
            let before = pfn(UInt(bitPattern: page))
            let spare = mmap(nil, 8 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)!
            for k in 0..<8 { (spare + k * 4096).storeBytes(of: UInt64(k), as: UInt64.self) }
            let fresh = spare + 3 * 4096
            fresh.copyMemory(from: page, byteCount: 4096)
            _ = pb_diag_move_page(fresh, page)
            munmap(spare, 8 * 4096)
            return "\(before)->\(pfn(UInt(bitPattern: page)))"
        }
        let objectPage = UnsafeMutableRawPointer(bitPattern: UInt(cache0.pointee.cpuFreelist) & ~0xfff)!
        var steps = [String(format: "start:%.2f/%.2f", nsPerOp(original), nsPerOp(hoisted))]
        for k in 0..<8 {
            let frames = k == 7 ? replaceFrame(machinePage) : replaceFrame(objectPage)
            steps.append(String(format: "%@:%.2f/%.2f", k == 7 ? "machine" : "obj", nsPerOp(original), nsPerOp(hoisted)) + "(\(frames))")
        }
        return String(format: "hoisted=%.2f asis=%.2f fresh=%.2f moved=%.2f asis2=%.2f sameframe=%.2f back=%.2f", th, t0, t1, t2, t2b, t3, t3b)
            + " steps=" + steps.joined(separator: ",")
    }
}

/// Diagnostic: kmalloc/kfree with the cache, layout and memory held by the batch, so the
/// loop loads nothing from the machine's page on its fast paths.
struct HoistedObjects<L: PageLayout>: LIFOAllocator {
    let machine: MachineRef<L>
    let cache: UnsafeMutablePointer<KmemCache>
    let layout: L
    let memory: PhysicalMemory

    init(machine: MachineRef<L>, size: Int) {
        self.machine = machine
        cache = machine.pointee.cache(CacheIndex.kmalloc(size: size))
        layout = machine.pointee.layout
        memory = machine.pointee.memory
    }

    @inline(__always) func allocate() -> UnsafeMutableRawPointer? {
        let object = cache.pointee.cpuFreelist
        guard object != 0 else { return machine.pointee.slab.allocateSlow(cache) }
        cache.pointee.cpuFreelist = cache.pointee.freePointer(object)
        cache.pointee.liveObjects += 1
        return UnsafeMutableRawPointer(bitPattern: object)
    }
    @inline(__always) func free(_ p: UnsafeMutableRawPointer) {
        let slab = layout.slab(ofPFN: memory.pfn(of: p)).unsafelyUnwrapped
        let owner = UnsafeMutablePointer<KmemCache>(bitPattern: SlabField.slabCache.load(slab)).unsafelyUnwrapped
        owner.pointee.liveObjects -= 1
        if UInt(bitPattern: slab) == owner.pointee.cpuSlab {
            owner.pointee.setFreePointer(p, owner.pointee.cpuFreelist)
            owner.pointee.cpuFreelist = UInt(bitPattern: p)
            return
        }
        machine.pointee.slab.freeSlow(p, slab: slab, cache: owner)
    }
    @inline(__always) func checksum(_ p: UnsafeMutableRawPointer) -> UInt64 { UInt64(UInt(bitPattern: p)) }
}
