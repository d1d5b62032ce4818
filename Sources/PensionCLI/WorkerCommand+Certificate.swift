import ArgumentParser

extension WorkerCommand {
    struct Certificate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Consume certificate.print.requested, assign numbers, print one PDF per village and batch, emit certificate.printed."
        )
        @OptionGroup var options: GlobalOptions
        @OptionGroup var scope: Scope

        func run() async throws {
            try await scope.run("certificate", options) { context, store in
                // Runs left unrendered by a crash are finished before the first batch.
                try await context.certificateSpool().finishPending(in: store)
                return try context.certificateHandler(store: store)
            }
        }
    }
}
