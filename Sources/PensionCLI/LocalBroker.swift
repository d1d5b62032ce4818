import Foundation

/// Starts the project's local broker (Tansu from `.venv`, installed by scripts/setup.sh) when nothing listens at
/// the configured loopback address.
final class LocalBroker: Sendable {
    private let process: Process

    private init(process: Process) { self.process = process }

    /// Whether something accepts TCP connections at `host:port`.
    static func isReachable(_ bootstrap: String) -> Bool {
        guard let (host, port) = split(bootstrap) else { return false }
        var hints = addrinfo(ai_flags: 0, ai_family: AF_INET, ai_socktype: Int32(SOCK_STREAM.rawValue),
                             ai_protocol: 0, ai_addrlen: 0, ai_addr: nil, ai_canonname: nil, ai_next: nil)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &result) == 0, let info = result else { return false }
        defer { freeaddrinfo(result) }
        let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0
    }

    /// Starts the local broker on the port of `bootstrap` (which must be on loopback) and waits until it listens.
    static func start(at bootstrap: String) throws -> LocalBroker {
        guard let (host, port) = split(bootstrap), ["127.0.0.1", "localhost"].contains(host) else {
            throw CLIError("no broker reachable at \(bootstrap), and it is not a loopback address to start one on")
        }
        let binary = URL(fileURLWithPath: ".venv/bin/tansu")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw CLIError("no broker reachable at \(bootstrap) and none installed: run scripts/setup.sh")
        }
        let process = Process()
        process.executableURL = binary
        process.arguments = ["broker", "--listener-url", "tcp://\(host):\(port)", "--advertised-listener-url", "tcp://\(host):\(port)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        for _ in 0..<100 where !isReachable(bootstrap) { usleep(100_000) }
        guard isReachable(bootstrap) else {
            process.terminate()
            throw CLIError("started the local broker, but it does not listen at \(bootstrap)")
        }
        return LocalBroker(process: process)
    }

    /// Stops the broker. It keeps everything in memory, so there is nothing to shut down gracefully; SIGKILL also
    /// works where SIGTERM is ignored (signal dispositions a service group set are inherited by children).
    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    private static func split(_ bootstrap: String) -> (String, Int)? {
        guard let first = bootstrap.split(separator: ",").first, let colon = first.lastIndex(of: ":"),
              let port = Int(first[first.index(after: colon)...]) else { return nil }
        return (String(first[..<colon]), port)
    }
}
