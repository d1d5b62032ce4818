import Dispatch
import GRDB
import GRDBSQLite
import Synchronization

/// Copies the write-ahead log into the database file on a connection and thread of its own.
///
/// SQLite's automatic checkpoint runs in the writer's commit, so about one batch in seven paid for copying the
/// pages of the last seven into the database file (about 18 % of the writer's time). Here the writer's WAL hook only
/// reports the log's size after each commit; from `threshold` frames on, a passive checkpoint runs on this queue
/// while the writer goes on (WAL mode lets them overlap), and the writer starts the log over once everything in it
/// is copied. Should the log reach four times the threshold all the same, the writer checkpoints itself, as
/// SQLite's automatic checkpoint would. Committed transactions are durable in the log either way.
final class WALCheckpointer: Sendable {
    private let threshold: Int32
    private let queue = DispatchQueue(label: "PensionStore.checkpoint")
    private let running = Atomic(false)
    private let connection = Mutex<DatabaseQueue?>(nil)

    /// - Parameter threshold: the log size, in frames (pages), from which to checkpoint.
    init(threshold: Int32) {
        self.threshold = threshold
    }

    /// Opens the checkpointing connection; call once the database file exists.
    func connect(path: String) throws {
        var configuration = Configuration()
        configuration.label = "PensionStore.checkpoint"
        configuration.busyMode = .timeout(10)
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        connection.withLock { $0 = queue }
    }

    func disconnect() throws {
        try connection.withLock { connection in
            defer { connection = nil }
            try connection?.close()
        }
    }

    /// Replaces the writer's automatic checkpoint with this checkpointer. The checkpointer must outlive `db`.
    func install(on db: Database) {
        sqlite3_wal_hook(
            db.sqliteConnection,
            { context, handle, _, frames in
                let checkpointer = Unmanaged<WALCheckpointer>.fromOpaque(context!).takeUnretainedValue()
                checkpointer.logGrew(to: frames, writer: handle)
                return SQLITE_OK
            },
            Unmanaged.passUnretained(self).toOpaque()
        )
    }

    private func logGrew(to frames: Int32, writer: OpaquePointer?) {
        guard frames >= threshold else { return }
        if frames >= threshold * 4 {
            sqlite3_wal_checkpoint_v2(writer, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
            return
        }
        guard !running.exchange(true, ordering: .acquiring) else { return }
        queue.async { [self] in
            defer { running.store(false, ordering: .releasing) }
            // A failed checkpoint is tried again after the next commit; the writer's own one is the backstop.
            try? connection.withLock { connection in
                try connection?.writeWithoutTransaction { db in
                    // Each pass copies what was committed before it began; the writer may add more meanwhile.
                    for _ in 0..<3 {
                        let (logged, copied) = try db.checkpoint(.passive)
                        if copied >= logged { break }
                    }
                }
            }
        }
    }
}
