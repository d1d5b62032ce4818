import ArgumentParser
import Foundation
import PensionCertificates
import PensionStore

struct CertificateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certificate",
        abstract: "Collection certificates: single prints, reprints and status.",
        subcommands: [Print.self, Reprint.self, Status.self]
    )

    struct Print: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Render one issued certificate on demand into its own PDF, as issued (not a reprint: nothing is "
                + "re-issued or counted)."
        )
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The certificate number, e.g. 510623100-000123.") var number: String
        @Option(help: "Where to write the PDF (default: <spool>/single/<number>.pdf).") var out: String?

        func run() async throws {
            let context = try await options.load("pension.certificate")
            let store = try await context.openStore()
            guard let page = try await store.issuedPage(number: number) else {
                throw CLIError("no issued certificate numbered \(number)")
            }
            let spool = context.certificateSpool()
            let path = out ?? spool.directory.appendingPathComponent("single/\(number).pdf").path
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            _ = try await spool.renderSingle(page, toPath: path)
            print("certificate \(number): \(path)")
        }
    }

    struct Reprint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-issue a certificate under the same number, marked as a reprint with its count; audited."
        )
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The certificate number, e.g. 510623100-000123.") var number: String
        @Option(help: "Why it is reprinted (kept in the audit record).") var reason: String
        @Option(help: "Who asks for it (default: the USER environment variable).") var by: String?

        func run() async throws {
            let context = try await options.load("pension.certificate")
            let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !reason.isEmpty else { throw CLIError("--reason must not be empty") }
            let who = by ?? ProcessInfo.processInfo.environment["USER"] ?? "unknown"
            let store = try await context.openStore()
            guard let run = try await store.reprint(number: number, reason: reason, requestedBy: who, at: Date()) else {
                throw CLIError("no certificate numbered \(number)")
            }
            let spool = context.certificateSpool()
            try await spool.finishPending(in: store)
            print("reprint \(run.pages.first?.reprint ?? 0) of \(number): \(spool.path(of: run))")
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Queued, printed and reprinted certificates per township.")
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let context = try await options.load("pension.certificate")
            let store = try await context.openStore()
            let names = Dictionary(uniqueKeysWithValues: context.townships.townships.map { ($0.code, $0.name) })
            let rows = try await store.certificateStatus()
            print("township   name       queued  printed  sent  reprinted")
            for row in rows {
                let name = names[row.townshipCode] ?? ""
                print(
                    "\(row.townshipCode)  \(name.padding(toLength: 4, withPad: "　", startingAt: 0))  "
                        + "\(String(row.queued).leftPad(6))  \(String(row.printed).leftPad(7))  "
                        + "\(String(row.sent).leftPad(4))  \(String(row.reprinted).leftPad(9))")
            }
            let total = rows.reduce(into: (0, 0, 0, 0)) { $0 = ($0.0 + $1.queued, $0.1 + $1.printed, $0.2 + $1.sent, $0.3 + $1.reprinted) }
            print("total                 \(String(total.0).leftPad(6))  \(String(total.1).leftPad(7))  \(String(total.2).leftPad(4))  \(String(total.3).leftPad(9))")
            print("spool: \(context.certificateSpool().directory.path)")
        }
    }
}
