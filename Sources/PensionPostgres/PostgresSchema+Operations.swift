extension PostgresSchema {
    static let operations = Migration(id: "v5: operations", statements: [])
}
