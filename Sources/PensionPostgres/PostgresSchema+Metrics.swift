extension PostgresSchema {
    static let metrics = Migration(id: "v6: metrics", statements: [])
}
