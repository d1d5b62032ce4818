import ArgumentParser

extension WorkerCommand {
    struct Certificate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Consume certificate.print.requested, assign numbers, print one PDF per village and batch, emit certificate.printed."
        )
        @OptionGroup var options: GlobalOptions
        @OptionGroup var scope: Scope

        func run() async throws {
            let context = try await options.load("pension.worker.certificate")
            let store = try context.openStore()
            let handler = try context.certificateHandler(store: store)
            // Runs left unrendered by a crash are finished before the first batch.
            try await context.certificateSpool().finishPending(in: store)
            try await context.runWorkers([context.worker(handler, scope: try scope.resolve(context), group: scope.group)])
        }
    }
}
