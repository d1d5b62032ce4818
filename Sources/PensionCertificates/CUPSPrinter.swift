import Foundation

/// A CUPS printer, reached through the `lp` command (Debian `cups-client`): each finished run is sent as one job and
/// the job ID CUPS returns is recorded.
public struct CUPSPrinter: Sendable {
    /// The CUPS destination name, e.g. `certificates`.
    public var name: String
    /// The `lp` executable.
    public var lpPath: String

    /// - Parameters:
    ///   - name: the CUPS destination.
    ///   - lpPath: the `lp` executable; `/usr/bin/lp` by default.
    public init(name: String, lpPath: String = "/usr/bin/lp") {
        self.name = name
        self.lpPath = lpPath
    }

    /// Sends a PDF to the printer.
    ///
    /// - Parameters:
    ///   - path: the PDF.
    ///   - title: the job's title (the spool file's relative path).
    /// - Returns: the CUPS job ID, e.g. `certificates-12`.
    /// - Throws: ``PrintError`` when `lp` fails or prints no job ID.
    public func send(path: String, title: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: lpPath)
        process.arguments = ["-d", name, "-t", title, "-o", "media=A5", path]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch { throw PrintError(printer: name, message: "cannot run \(lpPath): \(error)") }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let problem = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw PrintError(printer: name, message: "lp exited with \(process.terminationStatus): \(problem.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        // "request id is certificates-12 (1 file(s))"
        guard let range = text.range(of: "request id is ") else {
            throw PrintError(printer: name, message: "lp printed no job ID")
        }
        let rest = text[range.upperBound...]
        return String(rest.prefix { !$0.isWhitespace })
    }
}

/// A print job could not be handed to CUPS; an infrastructure failure (the runtime retries the batch, which sends
/// the runs still unsent).
public struct PrintError: Error, CustomStringConvertible {
    /// The CUPS destination.
    public let printer: String
    /// What went wrong.
    public let message: String
    /// The failure.
    public var description: String { "printing on \(printer) failed: \(message)" }
}
