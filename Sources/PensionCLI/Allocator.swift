import CJemalloc

/// The process's memory allocator. `pension` links jemalloc, which serves every `malloc` in the process: the worker
/// allocates and frees many small objects per message, and jemalloc measured about 6 % more registrations a second
/// than glibc's allocator (docs/benchmarks.md).
enum Allocator {
    /// For example `jemalloc 5.3.0-0-g54eaed1d8b56b1aa528be3bdd1877e59c56fa90c`.
    static var description: String {
        var version: UnsafePointer<CChar>?
        var size = MemoryLayout<UnsafePointer<CChar>?>.size
        guard mallctl("version", &version, &size, nil, 0) == 0, let version else { return "jemalloc (version unknown)" }
        return "jemalloc \(String(cString: version))"
    }
}
