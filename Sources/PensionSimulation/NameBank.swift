import PensionDomain

/// Small lists of common surnames and given-name characters in Sichuan, for realistic names.
enum NameBank {
    static let surnames: [String] = [
        "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙", "胡", "朱", "罗", "何", "郭", "谢",
        "邓", "曾", "唐", "蒋", "彭", "钟", "廖", "袁", "杜", "付", "冯", "肖", "苏", "雷", "董", "魏", "范", "文",
    ]

    static let maleGiven: [String] = [
        "明", "强", "军", "勇", "华", "建", "国", "平", "伟", "林", "德", "富", "贵", "成", "志", "文", "兴", "福",
        "刚", "斌", "洪", "金", "光", "超", "涛", "波", "清", "永", "树", "忠",
    ]

    static let femaleGiven: [String] = [
        "秀", "英", "兰", "芳", "珍", "琼", "淑", "梅", "玉", "群", "丽", "霞", "敏", "桂", "凤", "琴", "蓉", "燕",
        "红", "莉", "娟", "萍", "素", "春", "华", "清",
    ]

    /// Ethnicities (民族) of Sichuan residents with rough weights; Han overwhelmingly.
    static let ethnicities: [(String, Int)] = [("汉族", 970), ("回族", 8), ("藏族", 8), ("羌族", 7), ("彝族", 7)]

    /// A given name of one or two characters.
    static func givenName(sex: Sex, using rng: inout SplitMix64) -> String {
        let pool = sex == .male ? maleGiven : femaleGiven
        let first = rng.element(of: pool)
        return rng.chance(0.3) ? first : first + rng.element(of: pool)
    }
}
