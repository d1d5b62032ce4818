import Testing

@testable import PensionStore

@Suite struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
    ])
    func knownDigests(input: String, digest: String) {
        var hasher = SHA256()
        hasher.update(input)
        #expect(hasher.finalizeHex() == digest)
    }

    @Test func streamingMatchesOneShot() {
        let text = String(repeating: "退休金", count: 100)
        var whole = SHA256()
        whole.update(text)
        var pieces = SHA256()
        for character in text {
            pieces.update(String(character))
        }
        #expect(whole.finalizeHex() == pieces.finalizeHex())
    }
}
