package dev.chaoslab.simulator.result;

import io.vertx.core.Future;

/** Where finished (completed, stopped or failed) runs hand their report; implemented by {@code report.ReportStore}. */
public interface ReportSink {
    Future<Void> save(RunReport report);

    /** Keeps nothing; for tests and embedded use. */
    static ReportSink none() {
        return report -> Future.succeededFuture();
    }
}
