/// Writes a coding path as a JSON path such as `payload.residentId` or `townships[3].code`.
enum CodingPath {
    static func string(_ path: [any CodingKey]) -> String {
        var result = ""
        for key in path {
            if let index = key.intValue {
                result += "[\(index)]"
            } else {
                result += result.isEmpty ? key.stringValue : "." + key.stringValue
            }
        }
        return result
    }
}
