import PensionStore
import PostgresNIO

extension PostgresStore {
    /// Inserts a `ready` ledger row with a plain `INSERT`, past every check of the writers (for tests: the table's
    /// key itself must refuse a second payment of a month).
    package func insertLedgerRow(
        residentId: String, month: String, townshipCode: String, villageCode: String, amountFen: Int
    ) async throws {
        let logger = logger
        try await connection("inserting a ledger row") { connection in
            try await connection.run(
                """
                INSERT INTO payout_ledger (resident_id, month, township_code, village_code, amount_fen, status,
                    request_event)
                VALUES (\(residentId), \(month), \(townshipCode), \(villageCode), \(amountFen), 'ready', 'x')
                """, logger)
        }
    }
}
