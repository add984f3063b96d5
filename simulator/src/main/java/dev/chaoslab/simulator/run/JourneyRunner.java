package dev.chaoslab.simulator.run;

import dev.chaoslab.simulator.load.Exchange;
import dev.chaoslab.simulator.load.Outcome;
import dev.chaoslab.simulator.load.OutgoingRequest;
import dev.chaoslab.simulator.metrics.RunLog;
import dev.chaoslab.simulator.scenario.ExpectedStatuses;
import dev.chaoslab.simulator.scenario.RequestMix;
import dev.chaoslab.simulator.scenario.RequestSpec;
import dev.chaoslab.simulator.scenario.RequestStep;
import dev.chaoslab.simulator.scenario.Scenario;
import dev.chaoslab.simulator.scenario.template.TemplateContext;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import java.net.URI;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Turns each arrival into its requests: picks a request from the mix, admits it under the in-flight cap, renders
 * and sends it (a journey step after step, each one's answer feeding the next one's templates) and hands every
 * outcome to the lane's {@link OutcomeRecorder}.
 *
 * <p>One per run, shared by the lanes: it holds only what never changes during the run; each call runs on the
 * context of the lane it is given.
 */
final class JourneyRunner {
    private final Scenario scenario;
    private final RequestMix mix;
    private final Map<RequestStep, String> stepLabels;
    private final RunMeters meters;
    private final InFlight inFlight;
    private final RunClock clock;
    private final long startNanos;
    private final AtomicLong seq = new AtomicLong();
    private final RunLog log;
    private final BooleanSupplier ending;
    private final Consumer<Throwable> onFailure;
    private final ShardPlan plan;

    /**
     * @param stepLabels the label of each request step ({@link #stepLabels(List)})
     * @param startNanos the run's start on {@code clock}; intended send times are offsets from it
     * @param ending     true once the run is ending: arrivals still dispatched are ignored
     * @param onFailure  fails the run (a bug of ours while sending must not leave traffic or faults behind)
     * @param plan       each arrival's random stream, and the arrivals a late shard missed
     */
    JourneyRunner(
            Scenario scenario,
            Map<RequestStep, String> stepLabels,
            RunMeters meters,
            InFlight inFlight,
            RunClock clock,
            long startNanos,
            RunLog log,
            BooleanSupplier ending,
            Consumer<Throwable> onFailure,
            ShardPlan plan) {
        this.log = log;
        this.plan = plan;
        this.scenario = scenario;
        this.mix = new RequestMix(scenario.requests());
        this.stepLabels = stepLabels;
        this.meters = meters;
        this.inFlight = inFlight;
        this.clock = clock;
        this.startNanos = startNanos;
        this.ending = ending;
        this.onFailure = onFailure;
    }

    /** The label of each request step: the request's name, or {@code journey.step}; computed once, not per request. */
    static Map<RequestStep, String> stepLabels(List<RequestSpec> requests) {
        Map<RequestStep, String> labels = new IdentityHashMap<>();
        for (RequestSpec spec : requests) {
            for (RequestStep step : spec.steps()) {
                labels.put(step, spec.isJourney() ? spec.name() + "." + step.name() : spec.name());
            }
        }
        return labels;
    }

    /** Arrival {@code index} of the plan is due on {@code lane} (called on the lane's context by its scheduler). */
    void dispatch(Lane lane, long index, long intendedOffset, long lagNanos, int phase) {
        if (ending.getAsBoolean()) {
            return;
        }
        try {
            send(lane, index, intendedOffset, lagNanos, phase);
        } catch (RuntimeException e) {
            log.error("run failed while sending: {}", e.toString());
            lane.scheduler.stop();
            onFailure.accept(e);
        }
    }

    private void send(Lane lane, long index, long intendedOffset, long lagNanos, int phase) {
        // the arrival's own randoms: it renders the same whichever lane or shard sends it
        SplittableRandom random = plan.arrivalRandom(index);
        RequestSpec spec = mix.pick(random);
        if (plan.missed(intendedOffset)) {
            // due before this (late) shard started: counted as dropped, never sent in a burst nor silently skipped
            lane.recorder.dispatched(spec.name(), phase, intendedOffset, 0, false);
            return;
        }
        boolean admitted = inFlight.admit();
        lane.recorder.dispatched(spec.name(), phase, intendedOffset, lagNanos, admitted);
        if (!admitted) {
            return;
        }
        long intended = startNanos + intendedOffset;
        TemplateContext templates = new TemplateContext(random, seq);
        step(lane, spec, 0, phase, intended, 0, templates).onComplete(ar -> {
            JourneyEnd end = ar.succeeded() ? ar.result() : JourneyEnd.failed(clock.nanoTime(), intended);
            if (end.outcome == null) {
                lane.recorder.poolBusy(spec.name(), phase);
            } else {
                lane.recorder.arrivalEnded(
                        spec.name(),
                        phase,
                        end.outcome,
                        end.endNanos - intended,
                        end.firstSentNanos == 0 ? -1 : end.endNanos - end.firstSentNanos);
            }
            inFlight.release();
        });
    }

    /**
     * What became of a whole arrival (one request or a journey); outcome null: dropped by the pool;
     * firstSentNanos 0: its first request never reached the wire.
     */
    private record JourneyEnd(Outcome outcome, long endNanos, long firstSentNanos) {
        static JourneyEnd failed(long now, long intended) {
            return new JourneyEnd(Outcome.OTHER, now, 0);
        }
    }

    private Future<JourneyEnd> step(
            Lane lane,
            RequestSpec spec,
            int index,
            int phase,
            long intended,
            long firstSent,
            TemplateContext templates) {
        RequestStep step = spec.steps().get(index);
        String label = stepLabels.get(step);
        OutgoingRequest request;
        try {
            request = render(label, step, templates);
        } catch (RuntimeException e) {
            // a template that cannot be rendered (e.g. a journey value missing from an earlier answer) is an error of
            // this arrival, never of the run
            long now = clock.nanoTime();
            lane.recorder.unsendable(label, phase, spec.isJourney(), e, now - intended);
            return Future.succeededFuture(new JourneyEnd(Outcome.OTHER, now, firstSent));
        }
        boolean last = index == spec.steps().size() - 1;
        return lane.client
                .send(request, meters.label(label, phase).attributes, !last)
                .compose(exchange -> {
                    if (exchange.dropped()) {
                        return Future.succeededFuture(new JourneyEnd(null, exchange.endNanos(), firstSent));
                    }
                    long first = firstSent != 0 ? firstSent : exchange.sentNanos();
                    Outcome outcome = outcome(exchange, step.expectedStatuses());
                    lane.recorder.requestEnded(
                            label,
                            phase,
                            spec.isJourney(),
                            outcome,
                            exchange.endNanos() - intended,
                            exchange,
                            step.expectedStatuses());
                    if (outcome.isError() || last) {
                        return Future.succeededFuture(new JourneyEnd(outcome, exchange.endNanos(), first));
                    }
                    templates.record(step.name(), exchange.status(), parse(exchange.body()));
                    // a later step cannot be sent before the earlier one answered: its intended time is that answer
                    return step(lane, spec, index + 1, phase, exchange.endNanos(), first, templates);
                });
    }

    /** The class of an answer under the step's expected statuses (a failure without an answer keeps its own). */
    static Outcome outcome(Exchange exchange, ExpectedStatuses expected) {
        int status = exchange.status();
        if (status == 0 || expected == ExpectedStatuses.DEFAULT) {
            return exchange.outcome();
        }
        if (expected.accepts(status)) {
            return Outcome.OK;
        }
        // an unexpected 2xx/3xx is not an HTTP error class: it is "other" (the answer was not the one asked for)
        return status >= 400 ? Outcome.ofStatus(status) : Outcome.OTHER;
    }

    private OutgoingRequest render(String label, RequestStep step, TemplateContext templates) {
        URI base = scenario.targets().get(step.target());
        MultiMap headers = HttpHeaders.headers();
        step.headers().forEach((name, value) -> headers.set(name, value.render(templates)));
        Buffer body = null;
        if (step.body() != null) {
            body = Buffer.buffer(step.body().render(templates));
            if (!headers.contains(HttpHeaders.CONTENT_TYPE)) {
                headers.set(HttpHeaders.CONTENT_TYPE, "application/json");
            }
        }
        return new OutgoingRequest(
                label,
                HttpMethod.valueOf(step.method()),
                base,
                step.path().renderPath(templates),
                step.path().source(),
                headers,
                body,
                step.timeout() == null ? 0 : step.timeout().toMillis());
    }

    private static Object parse(Buffer body) {
        if (body == null || body.length() == 0) {
            return null;
        }
        try {
            return Json.decodeValue(body);
        } catch (RuntimeException notJson) {
            return null;
        }
    }
}
