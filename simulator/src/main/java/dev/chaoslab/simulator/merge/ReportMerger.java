package dev.chaoslab.simulator.merge;

import dev.chaoslab.simulator.result.ErrorCounts;
import dev.chaoslab.simulator.result.ErrorKind;
import dev.chaoslab.simulator.result.Latency;
import dev.chaoslab.simulator.result.Rate;
import dev.chaoslab.simulator.result.Recent;
import dev.chaoslab.simulator.result.RequestRow;
import dev.chaoslab.simulator.result.RunReport;
import dev.chaoslab.simulator.result.RunState;
import dev.chaoslab.simulator.result.RunStatus;
import dev.chaoslab.simulator.result.SecondRow;
import dev.chaoslab.simulator.result.ShardBlock;
import dev.chaoslab.simulator.result.ShardHistograms.Measure;
import dev.chaoslab.simulator.result.ShardRow;
import dev.chaoslab.simulator.result.Totals;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Merges the reports of every shard of one plan into the report of the whole run: counters summed, latency
 * figures from the exactly merged histograms, the per-second rows merged, the thresholds judged again on the merge,
 * the leader's (shard 0's) phases, faults, rate changes and alert verdicts, and one row per shard for skew.
 *
 * <p>Stateless and thread-safe.
 */
public final class ReportMerger {
    private static final int RECENT_SECONDS = 10;

    private ReportMerger() {}

    /**
     * The merged report of {@code shards}.
     *
     * @throws MergeException when they are not every shard of one plan, each once (naming the shard at fault)
     */
    public static RunReport merge(List<ShardInput> shards) {
        List<ShardInput> ordered = ShardSet.check(shards);
        List<RunReport> reports = ordered.stream().map(ShardInput::report).toList();
        RunReport leader = reports.get(0);
        Histograms histograms =
                new Histograms(ordered.stream().map(ShardInput::histograms).toList());
        Totals totals = totals(reports);
        List<RequestRow> rows = requestRows(reports, histograms);
        List<SecondRow> timeline = timeline(reports, histograms);
        MergedThresholds thresholds = new MergedThresholds(rows, totals, histograms);
        RunStatus status = status(reports, totals, histograms, timeline);
        ShardBlock plan = leader.shard();
        ShardBlock block = new ShardBlock(
                null,
                plan.count(),
                plan.plan(),
                plan.seed(),
                plan.rateMultiplier(),
                plan.startAt(),
                reports.stream().mapToLong(r -> r.shard().missed()).sum(),
                ordered.stream().map(ReportMerger::shardRow).toList());
        return new RunReport(
                status,
                rows,
                timeline,
                thresholds.judge(reports.stream().map(RunReport::thresholds).toList()),
                leader.rateChanges(),
                leader.expectations(),
                null,
                block,
                null);
    }

    /** One shard's row; its p99 from its own run-wide corrected histogram. */
    private static ShardRow shardRow(ShardInput in) {
        RunReport r = in.report();
        Totals t = r.status().totals();
        Histogram corrected = new Histograms(List.of(in.histograms())).run(Measure.CORRECTED);
        return new ShardRow(
                r.shard().index(),
                r.runId(),
                t.sent(),
                t.ok(),
                t.errors().total(),
                t.dropped(),
                Histograms.ms(corrected, 99));
    }

    private static RunStatus status(
            List<RunReport> reports, Totals totals, Histograms histograms, List<SecondRow> timeline) {
        RunStatus lead = reports.get(0).status();
        RunStatus worst = reports.stream()
                .map(RunReport::status)
                .filter(s -> s.state() != RunState.COMPLETED)
                .findFirst()
                .orElse(lead);
        String failure = reports.stream()
                .filter(r -> r.status().failure() != null)
                .map(r -> "shard " + r.shard().index() + ": " + r.status().failure())
                .reduce((a, b) -> a + "; " + b)
                .orElse(null);
        return new RunStatus(
                lead.runId() + "-merged",
                lead.scenario(),
                worst.state(),
                failure,
                worst.abortedBy(),
                reports.stream()
                        .map(r -> r.status().startedAt())
                        .filter(Objects::nonNull)
                        .min(Comparator.naturalOrder())
                        .orElse(null),
                reports.stream()
                        .map(r -> r.status().endedAt())
                        .filter(Objects::nonNull)
                        .max(Comparator.naturalOrder())
                        .orElse(null),
                lead.durationMs(),
                reports.stream().mapToLong(r -> r.status().elapsedMs()).max().orElse(0),
                null,
                new Rate(
                        reports.stream()
                                .mapToDouble(r -> r.status().rate().scheduled())
                                .sum(),
                        reports.stream()
                                .mapToDouble(r -> r.status().rate().achieved())
                                .sum(),
                        lead.rate().multiplier(),
                        lead.rate().absolute()),
                0,
                lead.phases(),
                lead.faults(),
                totals,
                new Latency(
                        Histograms.summary(histograms.run(Measure.CORRECTED)),
                        Histograms.summary(histograms.run(Measure.SERVICE))),
                recent(timeline, histograms),
                errorKinds(reports),
                Histograms.summary(histograms.run(Measure.LAG)),
                List.of());
    }

    private static Totals totals(List<RunReport> reports) {
        long scheduled = 0;
        long sent = 0;
        long dropped = 0;
        long completed = 0;
        long ok = 0;
        List<ErrorCounts> errors = new ArrayList<>();
        for (RunReport r : reports) {
            Totals t = r.status().totals();
            scheduled += t.scheduled();
            sent += t.sent();
            dropped += t.dropped();
            completed += t.completed();
            ok += t.ok();
            errors.add(t.errors());
        }
        return new Totals(scheduled, sent, dropped, completed, ok, sum(errors));
    }

    private static ErrorCounts sum(List<ErrorCounts> counts) {
        Map<String, Long> out = new LinkedHashMap<>();
        counts.forEach(c -> c.byClass().forEach((k, v) -> out.merge(k, v, Long::sum)));
        return new ErrorCounts(out);
    }

    /** Per-phase rows summed by label and phase, then a row over all phases for a label seen in several. */
    private static List<RequestRow> requestRows(List<RunReport> reports, Histograms histograms) {
        List<String> phaseOrder = new ArrayList<>();
        reports.get(0).status().phases().forEach(p -> phaseOrder.add(p.name()));
        Map<String, Map<String, List<RequestRow>>> byLabel = new LinkedHashMap<>();
        for (RunReport r : reports) {
            for (RequestRow row : r.byRequest()) {
                if (row.phase() == null) {
                    continue;
                }
                if (!phaseOrder.contains(row.phase())) {
                    phaseOrder.add(row.phase());
                }
                byLabel.computeIfAbsent(row.request(), k -> new LinkedHashMap<>())
                        .computeIfAbsent(row.phase(), k -> new ArrayList<>())
                        .add(row);
            }
        }
        List<RequestRow> out = new ArrayList<>();
        byLabel.forEach((label, byPhase) -> {
            List<RequestRow> perPhase = new ArrayList<>();
            Histogram corrected = new Histogram(3);
            Histogram service = new Histogram(3);
            for (String phase : phaseOrder) {
                List<RequestRow> same = byPhase.get(phase);
                if (same == null) {
                    continue;
                }
                Histogram c = histograms.cell(Measure.CORRECTED, label, phase);
                Histogram s = histograms.cell(Measure.SERVICE, label, phase);
                corrected.add(c);
                service.add(s);
                RequestRow row = add(label, phase, same, c, s);
                perPhase.add(row);
                out.add(row);
            }
            if (perPhase.size() > 1) {
                out.add(add(label, null, perPhase, corrected, service));
            }
        });
        return out;
    }

    private static RequestRow add(
            String label, String phase, List<RequestRow> rows, Histogram corrected, Histogram service) {
        boolean arrival = rows.get(0).scheduled() != null;
        return new RequestRow(
                label,
                phase,
                arrival
                        ? rows.stream()
                                .mapToLong(r -> r.scheduled() == null ? 0 : r.scheduled())
                                .sum()
                        : null,
                arrival
                        ? rows.stream()
                                .mapToLong(r -> r.dropped() == null ? 0 : r.dropped())
                                .sum()
                        : null,
                rows.stream().mapToLong(RequestRow::count).sum(),
                rows.stream().mapToLong(RequestRow::ok).sum(),
                sum(rows.stream().map(RequestRow::errors).toList()),
                Histograms.summary(corrected),
                Histograms.summary(service));
    }

    /** The seconds of every shard, added second by second; the percentiles from the merged second histograms. */
    private static List<SecondRow> timeline(List<RunReport> reports, Histograms histograms) {
        Map<Long, List<SecondRow>> byT = new TreeMap<>();
        reports.forEach(r -> r.timeline()
                .forEach(s -> byT.computeIfAbsent(s.t(), k -> new ArrayList<>()).add(s)));
        List<SecondRow> out = new ArrayList<>();
        byT.forEach((t, rows) -> {
            Histogram service = histograms.second(Measure.SERVICE, t);
            Histogram corrected = histograms.second(Measure.CORRECTED, t);
            out.add(new SecondRow(
                    t,
                    rows.stream().mapToLong(SecondRow::scheduled).sum(),
                    rows.stream().mapToLong(SecondRow::sent).sum(),
                    rows.stream().mapToLong(SecondRow::dropped).sum(),
                    rows.stream().mapToLong(SecondRow::inFlight).sum(),
                    rows.stream().mapToLong(SecondRow::ok).sum(),
                    sum(rows.stream().map(SecondRow::errors).toList()),
                    Histograms.ms(service, 50),
                    Histograms.ms(service, 99),
                    Histograms.ms(corrected, 50),
                    Histograms.ms(corrected, 99)));
        });
        return out;
    }

    /** The last closed seconds of the merged timeline, as a run's {@code recent} window. */
    private static Recent recent(List<SecondRow> timeline, Histograms histograms) {
        List<SecondRow> last = timeline.subList(Math.max(0, timeline.size() - RECENT_SECONDS), timeline.size());
        Histogram corrected = new Histogram(3);
        Histogram service = new Histogram(3);
        long ok = 0;
        long dropped = 0;
        long completed = 0;
        for (SecondRow s : last) {
            corrected.add(histograms.second(Measure.CORRECTED, s.t()));
            service.add(histograms.second(Measure.SERVICE, s.t()));
            ok += s.ok();
            dropped += s.dropped();
            completed += s.ok() + s.errors().total();
        }
        return new Recent(
                last.size(),
                completed,
                ok,
                sum(last.stream().map(SecondRow::errors).toList()),
                dropped,
                Histograms.summary(corrected),
                Histograms.summary(service));
    }

    /** The same kind of error from several shards counts once, its counts added and its window widened. */
    private static List<ErrorKind> errorKinds(List<RunReport> reports) {
        record Key(String request, String error, Integer status, String cause, String message) {}
        Map<Key, ErrorKind> kinds = new LinkedHashMap<>();
        for (RunReport r : reports) {
            for (ErrorKind k : r.status().errorKinds()) {
                kinds.merge(
                        new Key(k.request(), k.error(), k.status(), k.cause(), k.message()),
                        k,
                        (a, b) -> new ErrorKind(
                                a.request(),
                                a.error(),
                                a.status(),
                                a.cause(),
                                a.message(),
                                a.count() + b.count(),
                                Math.min(a.firstMs(), b.firstMs()),
                                Math.max(a.lastMs(), b.lastMs()),
                                a.traceId() != null ? a.traceId() : b.traceId()));
            }
        }
        return kinds.values().stream()
                .sorted(Comparator.comparingLong(ErrorKind::count).reversed())
                .toList();
    }
}
