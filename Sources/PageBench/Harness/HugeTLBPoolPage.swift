#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// One free 2 MiB page in the HugeTLB pool for the probe: the pool grows by one page when
/// it has none free and unreserved (root only), and shrinks back when this is dropped. The
/// 2 MiB pool's own sysfs files, not `vm.nr_hugepages`, which is the default size's pool
/// (1 GiB pages under `default_hugepagesz=1G`).
struct HugeTLBPoolPage: ~Copyable {
    static let pool = "/sys/kernel/mm/hugepages/hugepages-2048kB/"
    /// The pool's size before it grew; nil when it did not.
    let restore: Int?

    init() throws(TLBProbe.ProbeError) {
        if Self.available() > 0 { restore = nil; return }
        guard let size = Self.read("nr_hugepages") else {
            throw .init("no 2 MiB HugeTLB pool (\(Self.pool)nr_hugepages unreadable)")
        }
        guard Self.write(size + 1) else {
            throw .init("the 2 MiB HugeTLB pool has no free page and cannot grow (needs root)")
        }
        // The kernel may grow the pool by less than asked (no free 2 MiB block).
        guard Self.available() > 0 else {
            _ = Self.write(size)
            throw .init("the 2 MiB HugeTLB pool could not grow by one page (no free 2 MiB block)")
        }
        restore = size
    }

    deinit {
        if let restore { _ = Self.write(restore) }
    }

    /// Free pages no mapping has reserved (0 when unreadable).
    static func available() -> Int {
        (read("free_hugepages") ?? 0) - (read("resv_hugepages") ?? 0)
    }

    private static func read(_ name: String) -> Int? {
        (try? String(contentsOfFile: pool + name, encoding: .utf8)).flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    private static func write(_ pages: Int) -> Bool {
        let fd = open(pool + "nr_hugepages", O_WRONLY)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        let text = "\(pages)\n"
        return text.withCString { Glibc.write(fd, $0, strlen($0)) } == text.utf8.count
    }
}
