import Atomics

/// `READ_ONCE()`: a load the compiler must perform exactly once, as the kernel reads
/// `page->compound_head` and `page->memdesc` in lockless lookups (`_compound_head`,
/// seed 004's RCU page walkers). On x86-64 it is a plain `mov`; being atomic, it also
/// keeps the compiler from turning the select that follows into a branch.
@inline(__always)
func readOnce(_ address: UnsafeRawPointer) -> UInt {
    UnsafeAtomic<UInt>(at: UnsafeMutablePointer(mutating: address.assumingMemoryBound(to: UInt.AtomicRepresentation.self)))
        .load(ordering: .relaxed)
}

/// `atomic_read_acquire()` of a 32-bit counter such as `_refcount`: later loads are not
/// performed before it (a plain `mov` on x86-64).
@inline(__always)
func readAcquire(_ address: UnsafeRawPointer) -> Int32 {
    UnsafeAtomic<Int32>(at: UnsafeMutablePointer(mutating: address.assumingMemoryBound(to: Int32.AtomicRepresentation.self)))
        .load(ordering: .acquiring)
}
