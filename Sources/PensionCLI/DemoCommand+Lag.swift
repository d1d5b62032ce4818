import PensionOperations
import PensionStore

extension DemoCommand {
    /// The lag table of this run's groups, as `pension lag` prints it: 0 everywhere once the stages drained.
    func printLag(_ database: SQLiteStore, context: AppContext, run: String) async throws {
        var sampler = try context.lagSampler(store: database)
        sampler.groupPrefix = "pension-demo-\(run)-"
        let snapshot = try await sampler.sample()
        print("")
        LagTable.lines(snapshot, townshipName: { context.townships[code: $0]?.name }, partitions: false,
                       groupPrefix: sampler.groupPrefix).forEach { print($0) }
        print(snapshot.totalLag == 0
            ? "every group has processed every message (lag 0); `pension lag` shows the same for running workers"
            : "lag left: \(snapshot.totalLag) messages unprocessed")
    }
}
