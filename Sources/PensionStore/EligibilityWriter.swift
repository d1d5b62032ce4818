import Foundation
import GRDB
import PensionDomain

/// Applies eligibility records inside the caller's transaction, one after the other, so each sees the effects of
/// those before it (``EligibilityStore``).
///
/// A verified resident gets one `eligibility` row (a later verification of the same resident changes nothing). A
/// resident of pension age is `eligible`, or `held` with a reason: `no_registration` (no enrollee row), and with
/// family binding on `not_in_register` or `family_binding` (household members of contribution age without an
/// `eligibility` row). A younger resident is a `contributor`; with binding on, the pensioners of their household
/// held for `family_binding` whose binding now holds become `eligible` with `released = 1`, in this transaction,
/// and their follow-ups go into this event's outbox. A pensioner's `eligible_on` is the latest business day of their
/// own and their binding members' verifications (not before the scheme's start), so it is the same in every order
/// of arrival; only whether they were held first depends on the order.
package struct EligibilityWriter {
    let rules: PensionRules
    let followUps: @Sendable (EligibilityRecord, EligibilityChange) throws -> [OutboxMessage]

    package static let outcomes = ["eligible", "held", "contributor", "rejected", "repeated"]

    func apply(_ records: [EligibilityRecord], in db: Database) throws -> [EligibilityOutcome] {
        guard !records.isEmpty else { return [] }
        let stage = try StageCodes.code(of: StoreStage.eligibility, in: db)
        var tally = EventTally(stage: StoreStage.eligibility, outcomes: Self.outcomes)
        var outcomes: [EligibilityOutcome] = []
        for record in records {
            let (changes, kind) = try decide(record, in: db)
            var messages: [OutboxMessage] = []
            for change in changes { messages += try followUps(record, change) }
            if !messages.isEmpty {
                let (high, low) = EventGate.halves(record.eventId)
                try db.execute(
                    sql: "UPDATE event_gate SET outbox = ? WHERE stage = ? AND event_high = ? AND event_low = ?",
                    arguments: [Data(OutboxCodec.encode(messages)), stage, high, low])
            }
            tally.add(townshipCode: record.townshipCode, outcome: kind)
            outcomes.append(EligibilityOutcome(changes: changes, followUps: messages))
        }
        try tally.write(in: db)
        return outcomes
    }

    /// The changes for one record and the index of its outcome in ``outcomes``.
    private func decide(_ record: EligibilityRecord, in db: Database) throws -> ([EligibilityChange], Int) {
        guard let verified = record.verified else { return ([], 3) }
        let exists = try Bool.fetchOne(
            db, sql: "SELECT 1 FROM eligibility WHERE resident_id = ?", arguments: [record.residentId]) ?? false
        guard !exists else { return ([], 4) }
        let register = try Row.fetchOne(
            db, sql: "SELECT household_number FROM household_register WHERE resident_id = ?",
            arguments: [record.residentId])
        let enrollee = try Row.fetchOne(
            db,
            sql: """
                SELECT name, bank_account, contribution_tier_yuan, household_number FROM enrollees
                WHERE resident_key IS ? AND resident_id = ?
                """,
            arguments: [ResidentKey.of(record.residentId), record.residentId])
        let householdNumber: String = register?[0] ?? enrollee?[3] ?? ""
        var day = max(rules.schemeStart, verified.verifiedOn)

        guard rules.isPensionAge(bornOn: verified.birthDate) else {
            let tier: Int = enrollee?[2] ?? 0
            try insert(record, verified, household: householdNumber, name: enrollee?[0] ?? "", kind: "contributor",
                       status: "contributor", reason: nil, tier: tier, monthly: nil, day: nil, bank: nil, in: db)
            var changes: [EligibilityChange] = [.contributor(residentId: record.residentId, tierYuan: tier)]
            if rules.familyBinding, !householdNumber.isEmpty {
                changes += try release(household: householdNumber, by: record, in: db)
            }
            return (changes, 2)
        }

        var pensioner = Pensioner(
            residentId: record.residentId, name: enrollee?[0] ?? "", sex: verified.sex,
            birthDate: verified.birthDate, householdNumber: householdNumber, townshipCode: record.townshipCode,
            villageCode: verified.villageCode, monthlyAmountFen: rules.monthlyPensionFen(balanceFen: 0),
            eligibleOn: day, firstPaidMonth: rules.firstPaidMonth(eligibleOn: day), bankAccount: enrollee?[1]
        )
        var hold: (String, Int)?
        if enrollee == nil {
            hold = (PensionHeld.noRegistration, 0)
        } else if rules.familyBinding {
            if register == nil {
                hold = (PensionHeld.notInRegister, 0)
            } else {
                let missing = try membersNotEnrolled(household: householdNumber, in: db)
                if missing > 0 { hold = (PensionHeld.familyBinding, missing) }
                // Eligible from the day the last binding member was verified, whatever the order of arrival.
                if let last = try lastBindingVerification(household: householdNumber, in: db) { day = max(day, last) }
            }
        }
        pensioner.eligibleOn = day
        pensioner.firstPaidMonth = rules.firstPaidMonth(eligibleOn: day)
        try insert(record, verified, household: householdNumber, name: pensioner.name, kind: "pensioner",
                   status: hold == nil ? "eligible" : "held", reason: hold?.0, tier: nil,
                   monthly: pensioner.monthlyAmountFen, day: day, bank: pensioner.bankAccount, in: db)
        if let (reason, missing) = hold {
            pensioner.firstPaidMonth = ""
            return ([.held(pensioner, reasonCode: reason, membersNotEnrolled: missing)], 1)
        }
        return ([.eligible(pensioner)], 0)
    }

    /// Releases the household's pensioners held for family binding if no member of contribution age is missing now.
    private func release(household: String, by record: EligibilityRecord, in db: Database) throws -> [EligibilityChange] {
        guard try membersNotEnrolled(household: household, in: db) == 0 else { return [] }
        let held = try Row.fetchAll(
            db,
            sql: """
                SELECT resident_id, name, sex, birth_date, township_code, village_code, monthly_amount_fen,
                    bank_account, verified_on
                FROM eligibility WHERE household_number = ? AND status = 'held' AND held_reason = ?
                ORDER BY resident_id
                """,
            arguments: [household, PensionHeld.familyBinding])
        guard !held.isEmpty else { return [] }
        let last = try lastBindingVerification(household: household, in: db) ?? rules.schemeStart
        var changes: [EligibilityChange] = []
        for row in held {
            let residentId: String = row[0]
            let day = max(rules.schemeStart, last, CivilDate(iso: row[8]) ?? rules.schemeStart)
            let month = rules.firstPaidMonth(eligibleOn: day)
            try db.execute(
                sql: """
                    UPDATE eligibility SET status = 'eligible', held_reason = NULL, released = 1, eligible_on = ?,
                        first_paid_month = ?, decided_by_event = ?
                    WHERE resident_id = ? AND status = 'held'
                    """,
                arguments: [day.description, month, record.eventId.uuidString, residentId])
            guard db.changesCount == 1, let sex = Sex(rawValue: row[2]), let birthDate = CivilDate(iso: row[3])
            else { continue }
            changes.append(.released(Pensioner(
                residentId: residentId, name: row[1], sex: sex, birthDate: birthDate, householdNumber: household,
                townshipCode: row[4], villageCode: row[5], monthlyAmountFen: row[6], eligibleOn: day,
                firstPaidMonth: month, bankAccount: row[7])))
        }
        return changes
    }

    /// The latest business day on which a household member of contribution age (not exempt) was verified, if any was.
    private func lastBindingVerification(household: String, in db: Database) throws -> CivilDate? {
        let (older, younger) = Self.contributionBounds(rules)
        let day = try String.fetchOne(
            db,
            sql: """
                SELECT MAX(e.verified_on) FROM household_register h JOIN eligibility e ON e.resident_id = h.resident_id
                WHERE h.household_number = ? AND \(HouseholdRegisterTable.birthDateSQL) > ?
                    AND \(HouseholdRegisterTable.birthDateSQL) <= ? AND h.exemption IS NULL
                """,
            arguments: [household, older, younger])
        return day.flatMap(CivilDate.init(iso:))
    }

    /// Birth dates of contribution age: after the first, on or before the second (`YYYY-MM-DD`).
    package static func contributionBounds(_ rules: PensionRules) -> (String, String) {
        let start = rules.schemeStart
        func shifted(_ years: Int) -> String {
            let year = String(start.year - years)
            let monthDay = String(start.description.dropFirst(4))
            return String(repeating: "0", count: max(0, 4 - year.count)) + year + monthDay
        }
        // Age ≥ lower ⟺ born on or before start − lower years; age ≤ upper ⟺ born after start − (upper + 1) years.
        return (shifted(rules.contributionAges.upperBound + 1), shifted(rules.contributionAges.lowerBound))
    }

    /// Household members of contribution age on the scheme's start (by their register birth date, else the one in
    /// their ID number), not exempt (``PensionDomain/BindingExemption``), without an `eligibility` row.
    private func membersNotEnrolled(household: String, in db: Database) throws -> Int {
        let (older, younger) = Self.contributionBounds(rules)
        return try Int.fetchOne(
            db,
            sql: """
                SELECT COUNT(*) FROM household_register h
                WHERE h.household_number = ? AND \(HouseholdRegisterTable.birthDateSQL) > ?
                    AND \(HouseholdRegisterTable.birthDateSQL) <= ? AND h.exemption IS NULL
                    AND NOT EXISTS (SELECT 1 FROM eligibility e WHERE e.resident_id = h.resident_id)
                """,
            arguments: [household, older, younger]) ?? 0
    }

    private func insert(
        _ record: EligibilityRecord, _ verified: EligibilityRecord.Verified, household: String, name: String,
        kind: String, status: String, reason: String?, tier: Int?, monthly: Int?, day: CivilDate?, bank: String?,
        in db: Database
    ) throws {
        try db.execute(
            sql: """
                INSERT INTO eligibility (resident_id, household_number, township_code, village_code, name, sex,
                    birth_date, kind, status, held_reason, released, tier_yuan, monthly_amount_fen, eligible_on,
                    first_paid_month, bank_account, verified_on, verification_event, decided_by_event)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                record.residentId, household, record.townshipCode, verified.villageCode, name, verified.sex.rawValue,
                verified.birthDate.description, kind, status, reason, tier, monthly, day?.description,
                status == "eligible" ? day.map { rules.firstPaidMonth(eligibleOn: $0) } : nil, bank,
                verified.verifiedOn.description, record.eventId.uuidString, record.eventId.uuidString,
            ])
    }
}
