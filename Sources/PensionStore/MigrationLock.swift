#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive advisory lock (`flock`) on a file beside the store, held while a process opens the store and runs
/// its migrations, so workers started at the same moment on a new or old store wait for each other instead of
/// failing (`database is locked` while switching to WAL, or two processes running one migration).
struct MigrationLock: ~Copyable {
    private let descriptor: Int32

    /// Waits until the lock on `path` is free, then takes it.
    /// - Throws: ``MigrationLock/Failure`` if the lock file cannot be opened or locked.
    init(path: String) throws {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Failure(path: path, errno: errno) }
        var result: Int32
        repeat { result = flock(descriptor, LOCK_EX) } while result != 0 && errno == EINTR
        guard result == 0 else {
            let code = errno
            close(descriptor)
            throw Failure(path: path, errno: code)
        }
        self.descriptor = descriptor
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    /// The lock file could not be opened or locked.
    struct Failure: ClassifiedError, CustomStringConvertible {
        let path: String
        let errno: Int32
        var description: String { "cannot lock \(path): \(String(cString: strerror(errno)))" }
        var failureKind: FailureKind { .infrastructure }
    }
}
