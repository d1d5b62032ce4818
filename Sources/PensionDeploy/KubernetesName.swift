/// Kubernetes object names and label values as DNS-1123 labels.
public enum KubernetesName {
    /// Whether `name` is a DNS-1123 label: at most 63 characters of lower-case letters, digits and `-`, starting
    /// and ending with a letter or digit.
    ///
    /// - Parameter name: a candidate name.
    public static func isLabel(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (1...63).contains(bytes.count), bytes.first != UInt8(ascii: "-"), bytes.last != UInt8(ascii: "-") else {
            return false
        }
        return bytes.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "-") }
    }
}
