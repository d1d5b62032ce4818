import Foundation
import Testing

/// kubernetes-validate over manifest files: built-in kinds against Kubernetes' schemas (strict: no unknown fields);
/// kinds it has no schema for (KEDA's ScaledObject) are reported as warnings and checked by their own tests.
enum KubernetesValidation {
    struct Result {
        let run: ToolRun
        /// Resources that passed, as `kind/name`.
        var passed: [String] {
            lines(containing: " passed for resource ").compactMap { line in
                line.range(of: "passed for resource ").map { String(line[$0.upperBound...].prefix { $0 != " " }) }
            }
        }
        /// Kinds without a schema.
        var unknownKinds: Set<String> {
            Set(lines(containing: "Couldn't find schema for kind ").compactMap { line in
                line.range(of: "kind ").map { String(line[$0.upperBound...].prefix { $0 != " " }) }
            })
        }

        func lines(containing text: String) -> [String] {
            (run.output + run.errors).split(separator: "\n").map(String.init).filter { $0.contains(text) }
        }
    }

    static func validate(_ files: [URL]) throws -> Result {
        Result(run: try Tool.run(try Tool.kubernetesValidate(), ["--strict"] + files.map(\.path)))
    }
}
