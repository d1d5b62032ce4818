import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Writes a file so that it survives a crash or power cut: written under a temporary name in the same directory,
/// fsynced, renamed over the final name, and the directory fsynced (so the rename itself is durable).
enum DurableFile {
    /// Writes the file at `path` through `write`, which receives the temporary path to create.
    ///
    /// - Returns: the file's size in bytes.
    /// - Throws: ``SpoolError`` for a failed system call (with errno), or what `write` throws.
    static func write(at path: String, _ write: (String) throws -> Void) throws -> Int {
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let temporary = path + ".tmp-\(getpid())"
        do {
            try write(temporary)
            let size = try sync(temporary)
            guard rename(temporary, path) == 0 else { throw SpoolError(operation: "rename", path: path, code: errno) }
            _ = try sync(directory, isDirectory: true)
            return size
        } catch {
            unlink(temporary)
            throw error
        }
    }

    /// fsyncs a file or directory; returns its size.
    @discardableResult
    static func sync(_ path: String, isDirectory: Bool = false) throws -> Int {
        let descriptor = open(path, isDirectory ? O_RDONLY | O_DIRECTORY : O_RDONLY)
        guard descriptor >= 0 else { throw SpoolError(operation: "open", path: path, code: errno) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw SpoolError(operation: "fsync", path: path, code: errno) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw SpoolError(operation: "stat", path: path, code: errno) }
        return Int(info.st_size)
    }
}

/// A spool file could not be written, synced or printed; an infrastructure failure (the runtime retries).
public struct SpoolError: Error, CustomStringConvertible {
    /// What failed.
    public let operation: String
    /// The file (spool paths hold codes and run numbers, never names or IDs).
    public let path: String
    /// errno, or the exit status of a printing command.
    public let code: Int32

    /// The failure with its errno text.
    public var description: String {
        "spool \(operation) failed for \(path): \(String(cString: strerror(code))) (\(code))"
    }
}
