import PensionDomain
import PensionStore

/// A bank batch file (代发批量文件): one township's payments of one month, at most the configured batch size
/// (500) records, UTF-8 CSV with a comment line naming the batch, the header
/// `line,socialInsuranceNumber,name,residentId,divisionCode,divisionName,cardNumber,amountFen`, one record per
/// line, and the control line `TOTAL,<records>,<fen>`. The social-insurance number is the resident ID (Social
/// Insurance Law art. 58); the division is the village code and the township's name; the card number is the one
/// place where it is written unmasked.
public enum BankBatchFile {
    /// The header's columns.
    public static let header = [
        "line", "socialInsuranceNumber", "name", "residentId", "divisionCode", "divisionName", "cardNumber", "amountFen",
    ]

    /// The file's name: `<batchId>.csv`.
    public static func fileName(of batch: BankBatch) -> String { batch.batchId + ".csv" }

    /// The file's text.
    /// - Parameters:
    ///   - batch: the batch.
    ///   - townshipName: the township's name, for `divisionName`.
    public static func render(_ batch: BankBatch, townshipName: String) -> String {
        var text = "# bank batch \(batch.batchId): month \(batch.month), township \(batch.townshipCode) \(townshipName), "
            + "\(batch.records.count) records, control total \(batch.totalFen) fen (\(Money.yuan(batch.totalFen)) yuan)\n"
        text += header.joined(separator: ",") + "\n"
        for (index, record) in batch.records.enumerated() {
            text += "\(index + 1),\(record.residentId),\(record.name),\(record.residentId),\(record.villageCode),"
                + "\(townshipName),\(record.cardNumber),\(record.amountFen)\n"
        }
        text += "TOTAL,\(batch.records.count),\(batch.totalFen)\n"
        return text
    }
}
