import PensionDomain
import Testing

@Suite struct MaskingTests {
    @Test(arguments: [
        ("51062319510312123X", "510623********123X"),
        ("510623510312123", "510623*****2123"),
        ("1234567890", "1234567890"),
        ("12345678901", "123456*8901"),
        ("123456789", "*********"),
        ("", ""),
    ])
    func residentID(raw: String, masked: String) {
        #expect(Masking.residentID(raw) == masked)
        #expect(Masking.residentID(raw).count == raw.count)
    }

    @Test(arguments: [
        ("张三丰", "张**"), ("李四", "李*"), ("王", "王"), ("", ""), ("阿依古丽·买买提", "阿*******"),
    ])
    func name(raw: String, masked: String) {
        #expect(Masking.name(raw) == masked)
    }
}
