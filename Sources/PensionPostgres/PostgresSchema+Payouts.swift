extension PostgresSchema {
    static let payouts = Migration(id: "v2: payouts (eligibility, bank cards, ledger, batches, notices)", statements: [])
}
