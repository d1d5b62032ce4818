import Foundation
import GRDB
import GRDBSQLite

/// A cached prepared statement bound and stepped through the SQLite C API, for the per-event hot loops.
///
/// GRDB's `Statement` API builds a `StatementArguments` array of existentials per execution, and binding Swift
/// strings one by one makes SQLite copy each. Here the values of one execution are gathered into reused buffers
/// after ``start()``, bound without copying while the buffer is pinned, and cleared again before ``run()``
/// returns. Errors become GRDB `DatabaseError`s carrying SQLite's message and the SQL, never the values.
struct FastStatement {
    private enum Value {
        case text(offset: Int, count: Int)
        case blob(offset: Int, count: Int)
        case integer(Int64)
        case null
    }

    private let handle: SQLiteStatement
    private let connection: SQLiteConnection
    private let sql: String
    private var values: [Value] = []
    private var bytes: [UInt8] = []

    init(_ db: Database, sql: String) throws {
        guard let connection = db.sqliteConnection else {
            throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "connection is closed", sql: sql)
        }
        self.handle = try db.cachedStatement(sql: sql).sqliteStatement
        self.connection = connection
        self.sql = sql
        values.reserveCapacity(Int(sqlite3_bind_parameter_count(handle)))
        bytes.reserveCapacity(512)
        sqlite3_reset(handle)
    }

    /// Begins a new execution: the next value binds parameter 1.
    mutating func start() {
        values.removeAll(keepingCapacity: true)
        bytes.removeAll(keepingCapacity: true)
    }

    mutating func bind(_ text: String) {
        let offset = bytes.count
        bytes.append(contentsOf: text.utf8)
        values.append(.text(offset: offset, count: bytes.count - offset))
    }

    mutating func bind(_ text: String?) {
        guard let text else { return bindNull() }
        bind(text)
    }

    /// Binds the UUID as text in its wire form (`UUID.wireString`: 36 characters, upper case).
    mutating func bind(_ uuid: UUID) {
        let offset = bytes.count
        uuid.appendWireString(to: &bytes)
        values.append(.text(offset: offset, count: bytes.count - offset))
    }

    mutating func bind(_ number: Int64) {
        values.append(.integer(number))
    }

    mutating func bind(bytes blob: [UInt8]) {
        let offset = bytes.count
        bytes.append(contentsOf: blob)
        values.append(.blob(offset: offset, count: blob.count))
    }

    mutating func bind(_ number: Int64?) {
        guard let number else { return bindNull() }
        bind(number)
    }

    mutating func bind(_ number: Int) {
        values.append(.integer(Int64(number)))
    }

    mutating func bindNull() {
        values.append(.null)
    }

    /// Runs the statement to completion.
    ///
    /// - Returns: the number of rows the statement inserted, updated or deleted.
    @discardableResult
    func run() throws -> Int {
        try execute { handle in
            var code = sqlite3_step(handle)
            while code == SQLITE_ROW {
                code = sqlite3_step(handle)
            }
            guard code == SQLITE_DONE else { throw error() }
            return Int(sqlite3_changes(connection))
        }
    }

    /// Runs a query and passes the first column of its first row, as bytes, to `body`; `nil` when there is no row.
    func firstBlob<T>(_ body: (UnsafeRawBufferPointer) throws -> T) throws -> T? {
        try execute { handle in
            let code = sqlite3_step(handle)
            guard code == SQLITE_ROW else {
                guard code == SQLITE_DONE else { throw error() }
                return nil
            }
            let count = Int(sqlite3_column_bytes(handle, 0))
            guard let base = sqlite3_column_blob(handle, 0) else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
            return try body(UnsafeRawBufferPointer(start: base, count: count))
        }
    }

    /// What an `INSERT … ON CONFLICT DO UPDATE … WHERE …` into a rowid table did.
    enum UpsertResult {
        /// A new row was inserted.
        case inserted
        /// An existing row was updated.
        case updated
        /// The row existed and the `DO UPDATE … WHERE` condition was false: nothing changed.
        case unchanged
    }

    /// Runs an upsert into a rowid table and tells whether it inserted, updated or left the row alone.
    ///
    /// An insert sets the connection's last insert rowid (never 0 for a rowid table), the update branch of an
    /// upsert does not, so the rowid is set to 0 first and read afterwards; this saves a `RETURNING` clause.
    func runUpsert() throws -> UpsertResult {
        try execute { handle in
            sqlite3_set_last_insert_rowid(connection, 0)
            var code = sqlite3_step(handle)
            while code == SQLITE_ROW {
                code = sqlite3_step(handle)
            }
            guard code == SQLITE_DONE else { throw error() }
            guard sqlite3_changes(connection) > 0 else { return .unchanged }
            return sqlite3_last_insert_rowid(connection) == 0 ? .updated : .inserted
        }
    }

    /// Binds the gathered values, runs `body`, then resets the statement and clears its bindings, so no binding
    /// outlives the pinned buffer.
    private func execute<T>(_ body: (SQLiteStatement) throws -> T) throws -> T {
        try bytes.withUnsafeBufferPointer { buffer in
            defer {
                sqlite3_reset(handle)
                sqlite3_clear_bindings(handle)
            }
            for (index, value) in values.enumerated() {
                let position = Int32(index + 1)
                switch value {
                case .text(let offset, let count):
                    if let base = buffer.baseAddress {
                        let start = UnsafeRawPointer(base + offset).assumingMemoryBound(to: CChar.self)
                        sqlite3_bind_text(handle, position, start, Int32(count), Self.static)
                    } else {
                        sqlite3_bind_text(handle, position, "", 0, Self.transient)
                    }
                case .blob(let offset, let count):
                    let start = buffer.baseAddress.map { UnsafeRawPointer($0 + offset) }
                    sqlite3_bind_blob(handle, position, start ?? UnsafeRawPointer(bitPattern: 1), Int32(count), Self.static)
                case .integer(let number):
                    sqlite3_bind_int64(handle, position, number)
                case .null:
                    sqlite3_bind_null(handle, position)
                }
            }
            return try body(handle)
        }
    }

    private func error() -> DatabaseError {
        DatabaseError(
            resultCode: ResultCode(rawValue: sqlite3_extended_errcode(connection)),
            message: String(cString: sqlite3_errmsg(connection)),
            sql: sql)
    }

    private static let `static` = unsafeBitCast(0, to: sqlite3_destructor_type.self)
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
