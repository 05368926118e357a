/// A stored `InPlace` makes the struct that holds it address-only, so Swift borrows it where
/// it lies instead of loading it whole: the optional existential has no fixed layout for the
/// compiler to load, and is never set, read or copied.
///
/// `Machine` needs it. As a loadable struct of 472 to 520 bytes it was copied to the stack
/// with `memcpy` on every call of a method that was not inlined (`folioPut`, `allocate`,
/// `free`, `folioTryGet`) and in the timed loops that reach it through a `MachineRef`: up to
/// eight copies in one replayed operation. Its length was part of every allocation's and
/// lookup's time, and its crossing 512 bytes moved the replays' page-cache lookups of the
/// 16- and 8-byte layouts by a quarter (results/machine-field/). `scripts/check-copies`
/// finds such copies in a release build.
struct InPlace {
    private let opaque: (any Sendable)? = nil
}
