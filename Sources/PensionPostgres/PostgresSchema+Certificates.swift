extension PostgresSchema {
    static let certificates = Migration(id: "v3: certificates", statements: [])
}
