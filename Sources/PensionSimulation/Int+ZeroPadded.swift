extension Int {
    /// The number in decimal, left-padded with zeros to `width` digits.
    func zeroPadded(_ width: Int) -> String {
        let text = String(self)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
