import CPangoCairo
import PensionDomain
import PensionStore

/// The certificate page's geometry and text, shared by the renderer and the bare baseline loop (`pension bench
/// certificates`), so both draw the same page.
///
/// A5 portrait (148 × 210 mm): a double frame, the 22 pt title 基础养老金领取证, ten lines of 11 pt text (number, name
/// and sex, ID number, township and village, benefit type, monthly amount, first month paid, bank account, issuing
/// office, issue date), a label and five boxes for the yearly eligibility checks (资格认证), and on a reprint a red
/// mark with the count (补发 第N次).
public enum CertificatePageDrawing {
    /// Page width in points (148 mm).
    public static let width = 419.53
    /// Page height in points (210 mm).
    public static let height = 595.28
    /// The font family (Noto CJK, simplified Chinese).
    public static let family = "Noto Sans CJK SC"
    /// The title.
    public static let title = "基础养老金领取证"
    /// The label over the eligibility-check boxes.
    public static let checksLabel = "年度资格认证（每年一次，盖章）"
    /// Yearly check boxes.
    public static let boxes = 5

    /// The ten body lines of a certificate, in order.
    ///
    /// - Parameters:
    ///   - page: the certificate.
    ///   - townshipName: the township's Chinese name.
    ///   - issuingOffice: the issuing office's name.
    public static func lines(of page: CertificatePage, townshipName: String, issuingOffice: String) -> [String] {
        let job = page.job
        let yuan = job.monthlyAmountFen / 100
        let fen = job.monthlyAmountFen % 100
        let month = job.firstPaidMonth.split(separator: "-")
        let firstPaid = month.count == 2 ? "\(month[0])年\(month[1])月" : job.firstPaidMonth
        let issued = page.issuedOn
        return [
            "证书编号：\(page.number)",
            "姓　　名：\(job.name)　　性别：\(job.sex == .male ? "男" : "女")",
            "公民身份号码：\(job.residentId)",
            "乡镇：\(townshipName)　　村（社区）：\(job.villageCode)",
            "待遇类别：\(job.benefitType == CertificatePrintRequested.basicPension ? "基础养老金" : job.benefitType)",
            "月领取金额：\(yuan).\(fen < 10 ? "0" : "")\(fen) 元",
            "起领年月：\(firstPaid)",
            "银行账号：\(job.bankAccountMasked ?? "未办理")",
            "发证机关：\(issuingOffice)",
            "发证日期：\(issued.year)年\(two(issued.month))月\(two(issued.day))日",
        ]
    }

    /// The reprint mark, or `nil` for an original.
    public static func reprintMark(_ count: Int) -> String? { count > 0 ? "补发　第\(count)次" : nil }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
