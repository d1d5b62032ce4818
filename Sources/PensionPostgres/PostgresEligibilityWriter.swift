import Foundation
import Logging
import NIOCore
import PensionDomain
import PensionStore
import PostgresNIO

/// Applies eligibility records inside the caller's transaction, one after the other, as `EligibilityWriter` does on
/// SQLite (see it for the rules): one `eligibility` row per verified resident, held pensioners of a household
/// released by its last binding member, and the follow-ups of each event stored in its `event_gate` row.
///
/// SQLite has one writer; here workers on several hosts write at once, so the batch first takes a transaction lock
/// per household and per resident it touches (in sorted order, so two batches cannot deadlock): the decisions read
/// the household's other rows, and two concurrent transactions must not each miss the other's verification.
struct PostgresEligibilityWriter: Sendable {
    let rules: PensionRules
    let followUps: @Sendable (EligibilityRecord, EligibilityChange) throws -> [OutboxMessage]

    func apply(_ records: [EligibilityRecord], on connection: PostgresConnection, _ logger: Logger) async throws
        -> [EligibilityOutcome]
    {
        guard !records.isEmpty else { return [] }
        try await Self.lockHouseholds(of: records, on: connection, logger)
        var tally = EventTally(stage: StoreStage.eligibility, outcomes: EligibilityWriter.outcomes)
        var outcomes: [EligibilityOutcome] = []
        outcomes.reserveCapacity(records.count)
        for record in records {
            let (changes, kind) = try await decide(record, on: connection, logger)
            var messages: [OutboxMessage] = []
            for change in changes { messages += try followUps(record, change) }
            if !messages.isEmpty {
                try await connection.run(
                    """
                    UPDATE event_gate SET outbox = \(ByteBuffer(bytes: OutboxCodec.encode(messages)))
                    WHERE stage = \(StoreStage.eligibility) AND event_id = \(record.eventId)
                    """, logger)
            }
            tally.add(townshipCode: record.townshipCode, outcome: kind)
            outcomes.append(EligibilityOutcome(changes: changes, followUps: messages))
        }
        try await PostgresBatchTables.write(tally, on: connection, logger)
        return outcomes
    }

    /// Locks the households (from the register and the registrations) and the residents of the verified records.
    private static func lockHouseholds(
        of records: [EligibilityRecord], on connection: PostgresConnection, _ logger: Logger
    ) async throws {
        let residents = Array(Set(records.filter { $0.verified != nil }.map(\.residentId)))
        guard !residents.isEmpty else { return }
        var keys = Set(residents.map { "pension-resident:" + $0 })
        for row in try await connection.run(
            """
            SELECT household_number FROM household_register WHERE resident_id = ANY(\(residents)::text[])
            UNION SELECT household_number FROM enrollees WHERE resident_id = ANY(\(residents)::text[])
            """, logger)
        {
            keys.insert("pension-household:" + (try row.decode(String.self)))
        }
        // The function scan yields the array's order, so the locks are taken sorted.
        try await connection.run(
            "SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM unnest(\(keys.sorted())::text[]) AS k", logger)
    }

    /// The changes for one record and the index of its outcome in `EligibilityWriter.outcomes`.
    private func decide(_ record: EligibilityRecord, on connection: PostgresConnection, _ logger: Logger) async throws
        -> ([EligibilityChange], Int)
    {
        guard let verified = record.verified else { return ([], 3) }
        let id = record.residentId
        let facts = try await connection.run(
            """
            SELECT EXISTS (SELECT 1 FROM eligibility WHERE resident_id = \(id)), h.household_number,
                e.resident_id IS NOT NULL, e.name, e.bank_account, e.contribution_tier_yuan, e.household_number
            FROM (VALUES (1)) AS one (x)
            LEFT JOIN household_register h ON h.resident_id = \(id)
            LEFT JOIN enrollees e ON e.resident_id = \(id)
            """, logger)[0]
        let (exists, register, enrolled, name, bank, tier, enrolleeHousehold) = try facts.decode(
            (Bool, String?, Bool, String?, String?, Int?, String?).self)
        guard !exists else { return ([], 4) }
        let householdNumber = register ?? enrolleeHousehold ?? ""
        var day = max(rules.schemeStart, verified.verifiedOn)

        guard rules.isPensionAge(bornOn: verified.birthDate) else {
            let tierYuan = tier ?? 0
            try await insert(
                record, verified, household: householdNumber, name: name ?? "", kind: "contributor",
                status: "contributor", reason: nil, tier: tierYuan, monthly: nil, day: nil, bank: nil,
                on: connection, logger)
            var changes: [EligibilityChange] = [.contributor(residentId: id, tierYuan: tierYuan)]
            if rules.familyBinding, !householdNumber.isEmpty {
                changes += try await release(household: householdNumber, by: record, on: connection, logger)
            }
            return (changes, 2)
        }

        var pensioner = Pensioner(
            residentId: id, name: name ?? "", sex: verified.sex, birthDate: verified.birthDate,
            householdNumber: householdNumber, townshipCode: record.townshipCode, villageCode: verified.villageCode,
            monthlyAmountFen: rules.monthlyPensionFen(balanceFen: 0), eligibleOn: day,
            firstPaidMonth: rules.firstPaidMonth(eligibleOn: day), bankAccount: bank)
        var hold: (String, Int)?
        if !enrolled {
            hold = (PensionHeld.noRegistration, 0)
        } else if rules.familyBinding {
            if register == nil {
                hold = (PensionHeld.notInRegister, 0)
            } else {
                let missing = try await membersNotEnrolled(household: householdNumber, on: connection, logger)
                if missing > 0 { hold = (PensionHeld.familyBinding, missing) }
                if let last = try await lastBindingVerification(household: householdNumber, on: connection, logger) {
                    day = max(day, last)
                }
            }
        }
        pensioner.eligibleOn = day
        pensioner.firstPaidMonth = rules.firstPaidMonth(eligibleOn: day)
        try await insert(
            record, verified, household: householdNumber, name: pensioner.name, kind: "pensioner",
            status: hold == nil ? "eligible" : "held", reason: hold?.0, tier: nil, monthly: pensioner.monthlyAmountFen,
            day: day, bank: pensioner.bankAccount, on: connection, logger)
        if let (reason, missing) = hold {
            pensioner.firstPaidMonth = ""
            return ([.held(pensioner, reasonCode: reason, membersNotEnrolled: missing)], 1)
        }
        return ([.eligible(pensioner)], 0)
    }

    /// Releases the household's pensioners held for family binding if no member of contribution age is missing now.
    private func release(
        household: String, by record: EligibilityRecord, on connection: PostgresConnection, _ logger: Logger
    ) async throws -> [EligibilityChange] {
        guard try await membersNotEnrolled(household: household, on: connection, logger) == 0 else { return [] }
        let held = try await connection.run(
            """
            SELECT resident_id, name, sex, birth_date, township_code, village_code, monthly_amount_fen, bank_account,
                verified_on
            FROM eligibility WHERE household_number = \(household) AND status = 'held'
                AND held_reason = \(PensionHeld.familyBinding)
            ORDER BY resident_id COLLATE "C"
            """, logger)
        guard !held.isEmpty else { return [] }
        let last = try await lastBindingVerification(household: household, on: connection, logger) ?? rules.schemeStart
        var changes: [EligibilityChange] = []
        for row in held {
            let (residentId, name, sex, birthDate, township, village, monthly, bank, verifiedOn) = try row.decode(
                (String, String, String, String, String, String, Int, String?, String).self)
            let day = max(rules.schemeStart, last, CivilDate(iso: verifiedOn) ?? rules.schemeStart)
            let month = rules.firstPaidMonth(eligibleOn: day)
            let updated = try await connection.run(
                """
                UPDATE eligibility SET status = 'eligible', held_reason = NULL, released = 1,
                    eligible_on = \(day.description), first_paid_month = \(month),
                    decided_by_event = \(record.eventId.uuidString)
                WHERE resident_id = \(residentId) AND status = 'held'
                RETURNING 1
                """, logger)
            guard updated.count == 1, let sex = Sex(rawValue: sex), let birthDate = CivilDate(iso: birthDate)
            else { continue }
            changes.append(
                .released(
                    Pensioner(
                        residentId: residentId, name: name, sex: sex, birthDate: birthDate, householdNumber: household,
                        townshipCode: township, villageCode: village, monthlyAmountFen: monthly, eligibleOn: day,
                        firstPaidMonth: month, bankAccount: bank)))
        }
        return changes
    }

    /// The latest business day on which a household member of contribution age (not exempt) was verified, if any was.
    private func lastBindingVerification(household: String, on connection: PostgresConnection, _ logger: Logger)
        async throws -> CivilDate?
    {
        let (older, younger) = EligibilityWriter.contributionBounds(rules)
        let day = try await connection.run(
            """
            SELECT MAX(e.verified_on COLLATE "C")
            FROM household_register h JOIN eligibility e ON e.resident_id = h.resident_id
            WHERE h.household_number = \(household)
                AND (\(unescaped: HouseholdRegisterTable.birthDateSQL)) COLLATE "C" > \(older)
                AND (\(unescaped: HouseholdRegisterTable.birthDateSQL)) COLLATE "C" <= \(younger)
                AND h.exemption IS NULL
            """, logger)[0].decode(String?.self)
        return day.flatMap(CivilDate.init(iso:))
    }

    /// Household members of contribution age on the scheme's start, not exempt, without an `eligibility` row.
    private func membersNotEnrolled(household: String, on connection: PostgresConnection, _ logger: Logger)
        async throws -> Int
    {
        let (older, younger) = EligibilityWriter.contributionBounds(rules)
        return try await connection.run(
            """
            SELECT COUNT(*) FROM household_register h
            WHERE h.household_number = \(household)
                AND (\(unescaped: HouseholdRegisterTable.birthDateSQL)) COLLATE "C" > \(older)
                AND (\(unescaped: HouseholdRegisterTable.birthDateSQL)) COLLATE "C" <= \(younger)
                AND h.exemption IS NULL
                AND NOT EXISTS (SELECT 1 FROM eligibility e WHERE e.resident_id = h.resident_id)
            """, logger)[0].decode(Int.self)
    }

    private func insert(
        _ record: EligibilityRecord, _ verified: EligibilityRecord.Verified, household: String, name: String,
        kind: String, status: String, reason: String?, tier: Int?, monthly: Int?, day: CivilDate?, bank: String?,
        on connection: PostgresConnection, _ logger: Logger
    ) async throws {
        let firstPaidMonth = status == "eligible" ? day.map { rules.firstPaidMonth(eligibleOn: $0) } : nil
        let event = record.eventId.uuidString
        try await connection.run(
            """
            INSERT INTO eligibility (resident_id, household_number, township_code, village_code, name, sex,
                birth_date, kind, status, held_reason, released, tier_yuan, monthly_amount_fen, eligible_on,
                first_paid_month, bank_account, verified_on, verification_event, decided_by_event)
            VALUES (\(record.residentId), \(household), \(record.townshipCode), \(verified.villageCode), \(name),
                \(verified.sex.rawValue), \(verified.birthDate.description), \(kind), \(status), \(reason), 0, \(tier),
                \(monthly), \(day?.description), \(firstPaidMonth), \(bank), \(verified.verifiedOn.description),
                \(event), \(event))
            """, logger)
    }
}
