import Foundation
import Testing
import Yams

/// Every query of the alert rules and the Grafana dashboard parses as PromQL (promql-parser in `.venv`, which
/// `scripts/setup.sh` installs).
@Suite struct PromQLTests {
    static let script = """
        import sys, promql_parser
        failed = 0
        for expression in sys.argv[1:]:
            try:
                promql_parser.parse(expression)
            except Exception as error:
                failed += 1
                print(f"{expression}: {error}")
        sys.exit(1 if failed else 0)
        """

    static func parse(_ expressions: [String]) throws -> ToolRun {
        let python = Repository.url(".venv/bin/python")
        let check = try Tool.run(python, ["-c", "import promql_parser"])
        guard check.status == 0 else {
            throw Tool.Missing(description: "promql-parser is not in .venv: run scripts/setup.sh (\(check.errors))")
        }
        return try Tool.run(python, ["-c", script] + expressions)
    }

    static func alertExpressions() throws -> [String] {
        let file = try #require(try Yams.load(yaml: Repository.text("deploy/prometheus/alerts.yml")) as? [String: Any])
        return (file["groups"] as? [[String: Any]] ?? []).flatMap { ($0["rules"] as? [[String: Any]]) ?? [] }
            .compactMap { $0["expr"] as? String }
    }

    static func dashboardExpressions() throws -> [String] {
        let data = try Data(contentsOf: Repository.url("deploy/grafana/dashboards/pension.json"))
        let dashboard = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return (dashboard["panels"] as? [[String: Any]] ?? []).flatMap { ($0["targets"] as? [[String: Any]]) ?? [] }
            .compactMap { $0["expr"] as? String }
    }

    @Test func alertsAndDashboardParseAndABrokenQueryDoesNot() throws {
        let expressions = try Self.alertExpressions() + Self.dashboardExpressions()
        #expect(expressions.count >= 10)
        let run = try Self.parse(expressions)
        #expect(run.status == 0, "\(run.output)\(run.errors)")
        let broken = try Self.parse(["sum by (stage (pension_worker_dead_letters_total"])
        #expect(broken.status != 0, "an unbalanced query parsed")
    }
}
