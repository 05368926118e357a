/// Scenario 5 (seed 001): where free pages are tracked. Each layout keeps its own choice
/// (legacy64: `list_head`s in `struct page`; the 16-byte layouts: 32-bit pfn links in the
/// descriptor, or, as `-freemem`, in the free page itself), and this workload shows what the
/// choice costs: order-0 alloc+free through the free lists (batches of 1024, beyond the
/// per-CPU lists' reach), and the data pages of the simulated memory that this touched.
enum FreeListStore {
    static func storeName<L: PageLayout>(_: L.Type) -> String {
        if let twoWords = L.self as? any TwoWordPage.Type { return storeName(of: twoWords) }
        return "list_head"
    }

    static func storeName<T: TwoWordPage>(of _: T.Type) -> String { T.Links.storeName }
}
