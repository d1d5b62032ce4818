import Foundation
import Testing

/// The test scripts refuse paths they did not make: `postgres.sh stop` removes its cluster's parent directory, and a
/// wrong path (a cluster's parent named instead of the cluster) once removed all of /tmp.
@Suite("Scripts")
struct ScriptTests {
    @Test("postgres.sh stop, pause and resume refuse a directory that start did not make and remove nothing")
    func postgresScriptRefusesForeignDirectories() throws {
        let sandbox = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: sandbox) }
        let inner = sandbox.appendingPathComponent("inner")
        let cluster = inner.appendingPathComponent("cluster")
        try FileManager.default.createDirectory(at: cluster, withIntermediateDirectories: true)
        try Data("15\n".utf8).write(to: cluster.appendingPathComponent("PG_VERSION"))
        let bash = try Tool.onPath("bash")
        for command in ["stop", "pause", "resume"] {
            for path in [cluster.path, inner.path] {
                let run = try Tool.run(bash, [Repository.url("scripts/postgres.sh").path, command, path])
                #expect(run.status == 2, "\(command) \(path): \(run.errors)")
                #expect(run.errors.contains("is not a cluster that postgres.sh start made"), "\(run.errors)")
            }
        }
        #expect(FileManager.default.fileExists(atPath: cluster.appendingPathComponent("PG_VERSION").path))
    }
}
