import Dispatch
import Foundation
import PensionStore

/// The spool directory and what writes into it: each print run becomes one PDF at `<directory>/<run file>`, written
/// durably (``DurableFile``) and only then marked `rendered` in the store; with a printer configured, each rendered
/// run is then sent to it and marked `sent` with the CUPS job ID.
///
/// Everything is driven from the store (``CertificateStore/pendingRuns(includingRendered:staleClaimsBefore:)``), so a run whose
/// rendering or sending was interrupted by a crash is finished at the next call; rendering is deterministic, so a
/// run rendered twice gives the same file (several workers on one store may both render a pending run; only one sends
/// it, by a claim in the store). Runs are rendered ``concurrency`` at a time (one per core) on threads
/// outside Swift concurrency's pool, since rendering and fsync block.
public struct CertificateSpool: Sendable {
    /// Where the PDFs go.
    public var directory: URL
    /// Draws the pages.
    public var renderer: CertificateRenderer
    /// Where finished runs are sent, if anywhere.
    public var printer: CUPSPrinter?
    /// Runs rendered at once.
    public var concurrency: Int
    /// How long a claim to send a run holds before another process may take it over (its claimer presumably died
    /// between claiming and recording the CUPS job): 2 minutes.
    public var claimTimeout: Duration = .seconds(120)

    /// - Parameters:
    ///   - directory: the spool directory (created when missing).
    ///   - renderer: the renderer.
    ///   - printer: the CUPS printer, or `nil` to only spool.
    ///   - concurrency: runs rendered at once; 2 by default (this machine's cores).
    public init(directory: URL, renderer: CertificateRenderer, printer: CUPSPrinter? = nil, concurrency: Int = 2) {
        self.directory = directory
        self.renderer = renderer
        self.printer = printer
        self.concurrency = max(1, concurrency)
    }

    /// The absolute path of a run's PDF.
    public func path(of run: PrintRun) -> String { directory.appendingPathComponent(run.file).path }

    /// Renders every `assigned` run and, with a printer, sends every `rendered` one.
    ///
    /// - Returns: the runs rendered or sent by this call.
    /// - Throws: ``CertificateRenderError``, ``SpoolError``, ``PrintError`` or a store error; what was finished
    ///   before stays finished.
    @discardableResult
    public func finishPending(in store: any CertificateStore) async throws -> [PrintRun] {
        let staleBefore = Date().addingTimeInterval(-Double(claimTimeout.components.seconds))
        let runs = try await store.pendingRuns(includingRendered: printer != nil, staleClaimsBefore: staleBefore)
        guard !runs.isEmpty else { return [] }
        let toRender = runs.filter { $0.status == .assigned }
        var next = toRender.makeIterator()
        try await withThrowingTaskGroup(of: Void.self) { group in
            func start() -> Bool {
                guard let run = next.next() else { return false }
                group.addTask {
                    let bytes = try await self.render(run)
                    try await store.markRendered(run: run.id, bytes: bytes, at: Date())
                }
                return true
            }
            for _ in 0..<concurrency where !start() { break }
            while try await group.next() != nil { _ = start() }
        }
        if let printer {
            // One process sends a run: several workers on one store all see its pending runs.
            for run in runs {
                guard try await store.claimForSending(run: run.id, printer: printer.name, at: Date(), staleClaimsBefore: staleBefore)
                else { continue }
                let job = try await offPool { try printer.send(path: self.path(of: run), title: run.file) }
                try await store.markSent(run: run.id, printer: printer.name, job: job)
            }
        }
        return runs
    }

    /// Renders one run durably into the spool.
    /// - Returns: the file's size in bytes.
    public func render(_ run: PrintRun) async throws -> Int {
        let path = path(of: run)
        return try await offPool {
            try DurableFile.write(at: path) { temporary in try renderer.render(run.pages, toPath: temporary) }
        }
    }

    /// Renders one certificate page durably into its own PDF at `path` (outside any print run).
    /// - Returns: the file's size in bytes.
    public func renderSingle(_ page: CertificatePage, toPath path: String) async throws -> Int {
        try await offPool {
            try DurableFile.write(at: path) { temporary in try renderer.render([page], toPath: temporary) }
        }
    }

    private func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
        }
    }
}
