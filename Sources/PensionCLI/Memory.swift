import CJemalloc
import Foundation

/// The process's resident memory, as Linux counts it, for the benchmarks.
enum Memory {
    /// Returns freed memory to the system (jemalloc purges every arena) and restarts the peak count (`VmHWM`) from
    /// the resident memory now.
    static func resetPeak() {
        // MALLCTL_ARENAS_ALL: every arena.
        _ = mallctl("arena.4096.purge", nil, nil, nil, 0)
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .ascii)
    }

    /// The peak resident memory (`VmHWM` in /proc/self/status) since the start or ``resetPeak()``, in bytes.
    static func peakResidentBytes() -> Int { status("VmHWM:") }

    /// The resident memory now (`VmRSS`), in bytes.
    static func residentBytes() -> Int { status("VmRSS:") }

    private static func status(_ field: String) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .ascii),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field) }),
            let kilobytes = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        else { return 0 }
        return kilobytes * 1024
    }
}
