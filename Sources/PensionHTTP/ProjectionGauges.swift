import PensionMetrics
import PensionStore
import Prometheus

/// The projection's numbers as Prometheus gauges, set from the store before each scrape: per township and measure
/// (`pension_drive_count`), the progress against target (`pension_drive_progress_ratio`), and the dead letters by
/// stage, reason and township (`pension_dead_letters`). Labels are codes, never personal data.
struct ProjectionGauges: Sendable {
    let registry: PrometheusCollectorRegistry

    func update(_ progress: DriveProgress) {
        let county = progress.county
        for unit in progress.townships + [county] {
            let township = unit.code == county.code ? "county" : unit.code
            let c = unit.counters
            let measures: [(String, Int)] = [
                ("submitted", c.submitted), ("enrolled", c.enrolled), ("verified", c.verified),
                ("rejected", c.rejected), ("eligible", c.eligible), ("held", c.held), ("released", c.released),
                ("certificates_printed", c.certificatesPrinted), ("bank_cards", c.bankCards),
                ("pensioners_paid", c.pensionersPaid), ("payouts", c.payouts), ("payouts_fen", c.payoutsFen),
                ("dead_letters", c.deadLetterTotal),
            ]
            for (measure, value) in measures {
                registry.makeGauge(name: "pension_drive_count", labels: [("township", township), ("measure", measure)])
                    .set(Double(value))
            }
            for (measure, value) in [("enrolment", unit.enrolment), ("pensioners_paid", unit.pensionersPaid),
                                     ("certificates", unit.certificates)] {
                registry.makeGauge(name: "pension_drive_progress_ratio", labels: [("township", township), ("measure", measure)])
                    .set(value.progress)
                registry.makeGauge(name: "pension_drive_target", labels: [("township", township), ("measure", measure)])
                    .set(Double(value.target))
            }
            guard township != "county" else { continue }
            for (stage, reasons) in c.deadLetters {
                for (reason, count) in reasons {
                    registry.makeGauge(name: "pension_dead_letters",
                                       labels: [("stage", stage), ("reason", reason), ("township", township)])
                        .set(Double(count))
                }
            }
        }
        registry.makeGauge(name: "pension_drive_days_left").set(Double(progress.daysLeft))
    }
}
