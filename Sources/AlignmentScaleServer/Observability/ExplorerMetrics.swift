import Foundation
import Prometheus

/// What an operator of several instances watches, in Prometheus's text format at `GET /metrics`:
/// requests and their latency per route, the heavy pool's queue, and store errors.
///
/// Routes are labelled by the server's own route table (unknown paths count as `other`), so no
/// request can create new series.
public final class ExplorerMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    /// Latency buckets from a millisecond to a minute.
    static let buckets: [Duration] = [
        .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10), .seconds(30),
        .seconds(60),
    ]

    static var requests: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "alignscale", subsystem: "http", metricName: "requests", unitName: "total",
            helpText: "Requests answered, by route, method and status.")
    }
    static var duration: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "alignscale", subsystem: "http", metricName: "request_duration", unitName: "seconds",
            helpText: "Time from a request's arrival to its answer, by route.")
    }
    static var storeErrors: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "alignscale", subsystem: "store", metricName: "errors", unitName: "total",
            helpText: "Store operations that failed: unavailable (answered 503) or failed (answered 500).")
    }
    static let gauges: [(metricName: String, helpText: String)] = [
        ("heavy_jobs_running", "Heavy analyses (those that sample, simulate or run a study) running now."),
        ("heavy_queue_depth", "Heavy analyses waiting for a worker."),
        ("light_jobs_running", "Light analyses (the exact ones) running now."),
        ("light_queue_depth", "Light analyses waiting for a worker."),
    ]

    public init() {}

    /// Counts one answered request and its duration.
    func record(route: String, method: String, status: Int, duration: Duration) {
        registry.makeCounter(
            descriptor: Self.requests, labels: [("route", route), ("method", method), ("status", String(status))]
        ).increment()
        registry.makeDurationHistogram(descriptor: Self.duration, labels: [("route", route)], buckets: Self.buckets)
            .recordNanoseconds(duration.nanoseconds)
    }

    /// Counts a store operation that failed because the store was unavailable or refused it.
    func recordStoreError(kind: String) {
        registry.makeCounter(descriptor: Self.storeErrors, labels: [("kind", kind)]).increment()
    }

    /// The text exposition, with the compute pools' current load.
    func exposition(heavyRunning: Int, heavyWaiting: Int, lightRunning: Int, lightWaiting: Int) -> String {
        for (gauge, value) in zip(Self.gauges, [heavyRunning, heavyWaiting, lightRunning, lightWaiting]) {
            registry.makeGauge(
                descriptor: MetricNameDescriptor(
                    namespace: "alignscale", metricName: gauge.metricName, unitName: "", helpText: gauge.helpText)
            ).set(Double(value))
        }
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
