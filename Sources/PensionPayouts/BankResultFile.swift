import Foundation
import PensionDomain
import PensionStore

/// The bank's result file for batch payments (代发结果), CSV with the header
/// `batchId,line,residentId,month,amountFen,result,reasonCode`: `result` is `paid` or `failed`; a failed line gives
/// `reasonCode` (`no_card`, `closed_account`, `suspended`, `deceased`, `rejected_by_bank`), a paid one leaves it
/// empty. Blank lines and lines starting with `#` are skipped.
public enum BankResultFile {
    /// The header's columns.
    public static let header = ["batchId", "line", "residentId", "month", "amountFen", "result", "reasonCode"]

    /// One line's event: `payout.completed` or `payout.failed`.
    public enum Result: Sendable {
        /// Paid.
        case completed(EventEnvelope<PayoutCompleted>)
        /// Not paid, with a reason.
        case failed(EventEnvelope<PayoutFailed>)
    }

    /// Reads the file; event IDs derive from the batch, resident and result, so importing it again repeats them.
    /// - Throws: ``BankFileError`` naming the line and column.
    public static func events(csv: String, occurredAt: Date) throws(BankFileError) -> [Result] {
        var results: [Result] = []
        for (line, fields) in try BankCSV.rows(csv, header: header) {
            let batchId = fields[0]
            let parts = batchId.split(separator: "-")
            guard parts.count == 4, let month = PayoutMonth("\(parts[0])-\(parts[1])"), parts[2].count == 9,
                parts[2].utf8.allSatisfy({ (48...57).contains($0) })
            else { throw BankFileError(line: line, column: "batchId", "must be YYYY-MM-<township>-<nnn>") }
            guard let id = try? ResidentID.parse(fields[2]) else {
                throw BankFileError(line: line, column: "residentId", "not a valid resident ID")
            }
            guard PayoutMonth(fields[3]) == month else {
                throw BankFileError(line: line, column: "month", "must be the batch's month")
            }
            guard let amount = Int(fields[4]), amount > 0 else {
                throw BankFileError(line: line, column: "amountFen", "must be a positive integer (fen)")
            }
            let township = String(parts[2])
            let key = "\(batchId)/\(id.value)/\(fields[5])"
            switch fields[5] {
            case "paid":
                results.append(.completed(EventEnvelope(
                    eventId: PayoutSchedule.derived("payout.completed/" + key), occurredAt: occurredAt,
                    townshipCode: township,
                    payload: PayoutCompleted(residentId: id.value, month: month.description, amountFen: amount,
                                             batchId: batchId))))
            case "failed":
                guard PayoutFailed.reasonCodes.contains(fields[6]) else {
                    throw BankFileError(line: line, column: "reasonCode", "must be one of "
                        + PayoutFailed.reasonCodes.sorted().joined(separator: ", "))
                }
                results.append(.failed(EventEnvelope(
                    eventId: PayoutSchedule.derived("payout.failed/" + key), occurredAt: occurredAt,
                    townshipCode: township,
                    payload: PayoutFailed(residentId: id.value, month: month.description, amountFen: amount,
                                          batchId: batchId, reasonCode: fields[6]))))
            default:
                throw BankFileError(line: line, column: "result", "must be paid or failed")
            }
        }
        return results
    }

    /// A result file for batches, from a decision per record: `nil` paid, else the failure's reason code.
    public static func write(_ batches: [BankBatch], outcome: (BankBatch, Int, BankBatchRecord) -> String?) -> String {
        var text = header.joined(separator: ",") + "\n"
        for batch in batches {
            for (index, record) in batch.records.enumerated() {
                let reason = outcome(batch, index, record)
                text += "\(batch.batchId),\(index + 1),\(record.residentId),\(batch.month),\(record.amountFen),"
                    + (reason == nil ? "paid," : "failed,\(reason!)") + "\n"
            }
        }
        return text
    }
}
