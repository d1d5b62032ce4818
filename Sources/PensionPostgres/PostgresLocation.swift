import Foundation
import PensionStore
import PostgresNIO

/// A `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?PARAMETERS]` store URL as a client configuration.
///
/// Parameters: `sslmode` (`disable`, `prefer` (default), `require`; as libpq), `schema` (the schema the tables live
/// in, created if missing; default: the user's `search_path`), `pool` (connections per process, default 8),
/// `application_name`. A password given apart from the URL (`store.password`, `store.passwordFile`) wins over one in
/// it. Errors name the part that is wrong and never repeat the password.
struct PostgresLocation: Sendable {
    var host: String
    var port: Int
    var user: String
    var password: String?
    var database: String
    var schema: String?
    var sslMode: String
    var poolSize: Int
    var applicationName: String

    init(url: String, password externalPassword: String?) throws {
        let redacted = StoreLocation.redactingPassword(url)
        guard let components = URLComponents(string: url), let host = components.host, !host.isEmpty else {
            throw StoreLocationError("store.url is not a valid postgres:// URL: \(redacted)")
        }
        guard let user = components.user, !user.isEmpty else {
            throw StoreLocationError("store.url names no user (postgres://USER@HOST/DATABASE): \(redacted)")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty else {
            throw StoreLocationError("store.url names no database (postgres://USER@HOST/DATABASE): \(redacted)")
        }
        self.host = host
        self.port = components.port ?? 5432
        self.user = user
        self.password = externalPassword ?? components.password
        self.database = database
        self.sslMode = "prefer"
        self.poolSize = 8
        self.applicationName = "pension"
        for item in components.queryItems ?? [] {
            let value = item.value ?? ""
            switch item.name {
            case "sslmode":
                guard ["disable", "prefer", "require"].contains(value) else {
                    throw StoreLocationError("store.url sslmode must be disable, prefer or require (got '\(value)')")
                }
                sslMode = value
            case "schema":
                guard value.range(of: "^[a-z_][a-z0-9_]{0,62}$", options: .regularExpression) != nil else {
                    throw StoreLocationError("store.url schema must be a lower-case SQL name (got '\(value)')")
                }
                schema = value
            case "pool":
                guard let size = Int(value), (1...200).contains(size) else {
                    throw StoreLocationError("store.url pool must be a number of connections from 1 to 200 (got '\(value)')")
                }
                poolSize = size
            case "application_name":
                applicationName = value
            default:
                throw StoreLocationError(
                    "store.url has an unknown parameter '\(item.name)' (known: sslmode, schema, pool, application_name)")
            }
        }
    }

    /// The client configuration: durable commits (`synchronous_commit = on`) and the schema on every connection.
    var configuration: PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS
        switch sslMode {
        case "disable": tls = .disable
        case "require": tls = .require(.makeClientConfiguration())
        default: tls = .prefer(.makeClientConfiguration())
        }
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: tls)
        configuration.options.additionalStartupParameters = startupParameters
        configuration.options.maximumConnections = poolSize
        configuration.options.connectTimeout = .seconds(5)
        return configuration
    }

    /// One direct connection's configuration (the same server, login and settings), to try the login at open.
    func probeConfiguration() throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS
        switch sslMode {
        case "disable": tls = .disable
        case "require": tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        default: tls = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: tls)
        configuration.options.connectTimeout = .seconds(5)
        configuration.options.additionalStartupParameters = startupParameters
        return configuration
    }

    private var startupParameters: [(String, String)] {
        var parameters = [("synchronous_commit", "on"), ("application_name", applicationName)]
        if let schema { parameters.append(("search_path", schema)) }
        return parameters
    }

    /// Host, port, database and schema, for logs.
    var summary: String {
        "postgres://\(user)@\(host):\(port)/\(database)" + (schema.map { "?schema=\($0)" } ?? "")
    }
}
