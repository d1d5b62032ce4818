import Foundation
import PensionDomain

/// A simulated bank for the demo and the tests: which pensioners without a card get one opened, their card
/// numbers, and how each batch record fares, all derived from the resident ID and a seed (no state).
///
/// Of the records of a batch, by a hash of the resident ID (buckets of 100): 0–1 are `rejected_by_bank` on the
/// first attempt and paid on the next, 2 `closed_account` (held until a new card, which this bank never opens),
/// 3 `suspended`; the rest are paid. Of the pensioners without a card, 90 % get one opened.
public struct BankSimulation: Sendable {
    /// The seed.
    public var seed: UInt64

    /// - Parameter seed: the seed.
    public init(seed: UInt64 = 2011) { self.seed = seed }

    private func hash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325 ^ seed
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0100_0000_01B3 }
        return hash
    }

    /// Whether the bank opens a card for a pensioner who had none.
    public func opensCard(for residentId: String) -> Bool { hash("card/" + residentId) % 10 != 0 }

    /// The card number the bank opens for the resident (19 digits).
    public func cardNumber(for residentId: String) -> String {
        var value = hash("number/" + residentId)
        var digits = ""
        for _ in 0..<15 {
            digits.append(Character(String(value % 10)))
            value /= 10
        }
        return "6228" + digits
    }

    /// The result of a batch record: `nil` paid, else the failure's reason code.
    public func result(for residentId: String, attempt: Int) -> String? {
        switch hash("result/" + residentId) % 100 {
        case 0, 1: return attempt == 1 ? "rejected_by_bank" : nil
        case 2: return "closed_account"
        case 3: return "suspended"
        default: return nil
        }
    }

    /// The account-opening feedback file (`pension bank import-cards`) for the eligible pensioners without a
    /// registration card whom the bank serves.
    public func cardFile(for pensioners: [ExpectedPensioner], openedOn: CivilDate) -> String {
        var text = "residentId,name,divisionCode,cardNumber,openedOn\n"
        for pensioner in pensioners where !pensioner.hasRegistrationCard && opensCard(for: pensioner.residentId) {
            text += "\(pensioner.residentId),\(pensioner.name),\(pensioner.villageCode),"
                + "\(cardNumber(for: pensioner.residentId)),\(openedOn)\n"
        }
        return text
    }

    /// The business day (UTC+8) of a moment.
    static func businessDay(of moment: Date) -> CivilDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
        let parts = calendar.dateComponents([.year, .month, .day], from: moment)
        return CivilDate(year: parts.year!, month: parts.month!, day: parts.day!)!
    }
}

/// What one month's payout must end with when the pipeline, the notice, the schedule, the simulated bank's card
/// file and two rounds of batches and results (the second retrying the first's failures) have run.
public struct ExpectedPayout: Sendable, Hashable {
    /// Pensioners due: eligible with a first paid month not after the month.
    public var due: Int = 0
    /// Of those, with a card (from registration or the card file) by the first round.
    public var withCard: Int = 0
    /// First-round failures by reason.
    public var failedByReason: [String: Int] = [:]
    /// Paid after both rounds, and their amounts in fen.
    public var paid: Int = 0
    /// The paid amounts in fen.
    public var paidFen: Int = 0
    /// Payments left held without a card: no card at all, or a closed account.
    public var heldNoCard: Int = 0
    /// Payments stopped (suspended, deceased).
    public var stopped: Int = 0
    /// First-round batch files per township (at most `batchSize` records each) and their record counts.
    public var firstRoundRecords: [String: Int] = [:]

    /// Computes the expectation.
    /// - Parameters:
    ///   - pensioners: the eligible pensioners (``ExpectedEligibility/pensioners``).
    ///   - month: the month paid.
    ///   - bank: the simulated bank.
    public init(pensioners: [ExpectedPensioner], month: PayoutMonth, bank: BankSimulation) {
        for pensioner in pensioners where pensioner.firstPaidMonth <= month.description {
            due += 1
            guard pensioner.hasRegistrationCard || bank.opensCard(for: pensioner.residentId) else {
                heldNoCard += 1
                continue
            }
            withCard += 1
            firstRoundRecords[pensioner.townshipCode, default: 0] += 1
            switch bank.result(for: pensioner.residentId, attempt: 1) {
            case nil:
                paid += 1
                paidFen += pensioner.monthlyAmountFen
            case let reason?:
                failedByReason[reason, default: 0] += 1
                switch reason {
                case "rejected_by_bank":
                    paid += 1
                    paidFen += pensioner.monthlyAmountFen
                case "closed_account": heldNoCard += 1
                default: stopped += 1
                }
            }
        }
    }
}
