package dev.chaoslab.simulator.api;

import dev.chaoslab.simulator.report.ReportStore;
import dev.chaoslab.simulator.result.ResultFormatException;
import dev.chaoslab.simulator.result.ResultJson;
import dev.chaoslab.simulator.result.RunState;
import dev.chaoslab.simulator.run.Run;
import dev.chaoslab.simulator.run.RunManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code GET /runs/:id/events}: a run's status as Server-Sent Events, one {@code status} event a second carrying
 * exactly what {@code GET /runs/:id} answers, then an {@code end} event when the run has ended. Streams are
 * bounded: at most {@link ApiOptions#maxStreams()} at once (more answer 429), and a client whose unsent events
 * pass {@link ApiOptions#streamQueueBytes()} is dropped instead of buffered.
 */
final class RunEvents implements ApiRouter.ApiRoutes {

    private final Vertx vertx;
    private final RunManager runs;
    private final ReportStore reports;
    private final ApiOptions options;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();

    RunEvents(Vertx vertx, RunManager runs, ReportStore reports, ApiOptions options) {
        this.vertx = vertx;
        this.runs = runs;
        this.reports = reports;
        this.options = options;
    }

    @Override
    public void mount(Router router) {
        router.get("/runs/:id/events").handler(this::stream);
    }

    /** Streams open now. */
    int open() {
        return open.get();
    }

    /** Streams dropped because their client did not read fast enough, since start. */
    int dropped() {
        return dropped.get();
    }

    private void stream(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Optional<Run> live = runs.run(id);
        if (live.isEmpty()) {
            if (!reports.contains(id)) {
                throw ApiError.notFound(
                        "run_not_found",
                        "There is no run '" + id + "'. GET /runs lists the live runs and " + "the reports on disk.");
            }
            // An ended run's stream is its final status and the end event, as GET /runs/:id would answer it.
            reports.report(id)
                    .onSuccess(report -> report.ifPresentOrElse(
                            r -> {
                                HttpServerResponse response = begin(ctx);
                                response.write(event("status", ResultJson.encode(r)));
                                response.end(event(
                                        "end",
                                        new JsonObject()
                                                .put("runId", id)
                                                .put("state", r.status().state().key())));
                            },
                            () -> ctx.fail(ApiError.notFound("run_not_found", "There is no run '" + id + "'."))))
                    .onFailure(e -> ctx.fail(
                            e instanceof ResultFormatException
                                    ? new ApiError(
                                            409,
                                            "report_unreadable",
                                            "The stored report of run " + id + " cannot be read: " + e.getMessage())
                                    : e));
            return;
        }
        if (open.incrementAndGet() > options.maxStreams()) {
            open.decrementAndGet();
            throw new ApiError(
                    429,
                    "too_many_streams",
                    "This simulator already serves " + options.maxStreams()
                            + " event streams, its limit; close one (or poll GET /runs/" + id + ") and retry.");
        }
        new Stream(live.get(), begin(ctx)).start();
    }

    private HttpServerResponse begin(RoutingContext ctx) {
        HttpServerResponse response = ctx.response();
        response.setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-store")
                .putHeader("X-Accel-Buffering", "no")
                .setWriteQueueMaxSize((int) options.streamQueueBytes());
        return response;
    }

    private static String event(String name, JsonObject data) {
        return "event: " + name + "\ndata: " + data.encode() + "\n\n";
    }

    /** One client's stream: a timer that writes the run's status until the run ends or the client goes. */
    private final class Stream {

        private final Run run;
        private final HttpServerResponse response;
        private long timer = -1;
        private boolean closed;

        Stream(Run run, HttpServerResponse response) {
            this.run = run;
            this.response = response;
        }

        void start() {
            response.closeHandler(v -> close());
            response.exceptionHandler(e -> close());
            // a retry hint for EventSource, then the first status at once
            response.write("retry: 2000\n\n");
            tick();
            if (!closed) {
                timer = vertx.setPeriodic(options.streamIntervalMs(), t -> tick());
            }
        }

        private void tick() {
            if (closed) {
                return;
            }
            if (response.writeQueueFull()) {
                // a client that does not read is dropped: its events are never buffered past the limit
                dropped.incrementAndGet();
                close();
                response.reset();
                return;
            }
            var status = run.status();
            response.write(event("status", ResultJson.encode(status)));
            if (status.state() != RunState.RUNNING) {
                // the final status comes from the report once written; the client follows the report link
                response.end(event(
                        "end",
                        new JsonObject()
                                .put("runId", status.runId())
                                .put("state", status.state().key())));
                close();
            }
        }

        private void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
            open.decrementAndGet();
        }
    }
}
