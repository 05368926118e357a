/// A stored `InPlace` makes the struct that holds it address-only, so Swift borrows it where
/// it lies instead of loading it whole: the optional existential has no fixed layout for the
/// compiler to load, and is never set, read or copied. It adds no operation to timed code: the
/// timed loops call the same runtime functions with it as without it (objdump of both builds).
///
/// `Machine` and `SlabAllocator` hold one. As loadable structs (472 to 520 bytes, 184 to 200)
/// they were copied to the stack with `memcpy` before calls that were not inlined: on entry
/// to `folioPut`, in the replay loop's page-cache lookups, before every replayed `kmalloc`.
/// Their lengths, which differ by layout, were part of the rows' times, and the machine's
/// crossing 512 bytes moved the replays' lookups of the 16- and 8-byte layouts by a quarter
/// (results/machine-field/). `scripts/check-copies` finds such copies in a release build.
struct InPlace {
    private let opaque: (any Sendable)? = nil
}
