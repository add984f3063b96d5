package dev.chaoslab.simulator.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaoslab.simulator.result.Verdict;
import dev.chaoslab.simulator.scenario.Expectation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class VerdictRulesTest {

    static final Instant START = Instant.parse("2026-11-25T12:00:00Z");
    static final Window INCIDENT = new Window("chaos[0]", 60_000, 180_000);
    static final Window BASELINE = new Window("baseline", 0, 60_000);

    static AlertHistory.Episode episode(Long pendingS, Long firingS, Long resolvedS) {
        return new AlertHistory.Episode(at(pendingS), at(firingS), at(resolvedS));
    }

    static Instant at(Long seconds) {
        return seconds == null ? null : START.plusSeconds(seconds);
    }

    static List<AlertHistory.Instance> payments(AlertHistory.Episode... episodes) {
        return List.of(new AlertHistory.Instance(
                "ChaoslabHighErrorRatio", Map.of("service", "payments", "severity", "page"), List.of(episodes)));
    }

    static Expectation fires(Duration within) {
        return new Expectation(
                0,
                "ChaoslabHighErrorRatio",
                Map.of("service", "payments"),
                Expectation.Kind.FIRES,
                within,
                TestAnchors.anchor("chaos[0]"));
    }

    static Expectation resolves(Duration within) {
        return new Expectation(
                0,
                "ChaoslabHighErrorRatio",
                Map.of("service", "payments"),
                Expectation.Kind.RESOLVES,
                within,
                TestAnchors.anchor("chaos[0]"));
    }

    static Expectation silent() {
        return new Expectation(
                0, "ChaoslabHighErrorRatio", Map.of(), Expectation.Kind.SILENT, null, TestAnchors.anchor("baseline"));
    }

    @Test
    @DisplayName("fires within the limit: passes with times to pending and to fire from the chaos step's start")
    void firesInTime() {
        Verdict v = VerdictRules.decide(
                fires(Duration.ofMinutes(3)),
                INCIDENT,
                payments(episode(75L, 135L, 200L)),
                START,
                240_000,
                Duration.ofMinutes(1));
        assertThat(v.passed()).isTrue();
        assertThat(v.timeToPendingMs()).isEqualTo(15_000);
        assertThat(v.timeToFireMs()).isEqualTo(75_000);
        assertThat(v.detail()).contains("fired 1m15s after chaos[0] started", "within the 3m00s limit");
    }

    @Test
    @DisplayName("fires too late: fails and says by how much")
    void firesTooLate() {
        Verdict v = VerdictRules.decide(
                fires(Duration.ofMinutes(1)),
                INCIDENT,
                payments(episode(75L, 135L, 200L)),
                START,
                240_000,
                Duration.ofMinutes(1));
        assertThat(v.passed()).isFalse();
        assertThat(v.timeToFireMs()).isEqualTo(75_000);
        assertThat(v.detail()).contains("15 s later than the 1m00s limit (pending after 15 s, for: 1m00s)");
    }

    @Test
    @DisplayName("never fires: fails, and a pending that never fired is reported with the rule's for:")
    void neverFires() {
        Verdict none =
                VerdictRules.decide(fires(Duration.ofMinutes(3)), INCIDENT, List.of(), START, 240_000, Duration.ZERO);
        assertThat(none.passed()).isFalse();
        assertThat(none.timeToFireMs()).isNull();
        assertThat(none.detail()).contains("never became pending or fired");

        Verdict pendingOnly = VerdictRules.decide(
                fires(Duration.ofMinutes(3)),
                INCIDENT,
                payments(episode(90L, null, 150L)),
                START,
                240_000,
                Duration.ofMinutes(5));
        assertThat(pendingOnly.passed()).isFalse();
        assertThat(pendingOnly.timeToPendingMs()).isEqualTo(30_000);
        assertThat(pendingOnly.detail()).contains("pending from 30 s", "never fired", "for: is 5m00s");
    }

    @Test
    @DisplayName("other alerts and other label values do not count")
    void matchesLabels() {
        List<AlertHistory.Instance> others = List.of(
                new AlertHistory.Instance(
                        "ChaoslabHighErrorRatio", Map.of("service", "orders"), List.of(episode(70L, 80L, null))),
                new AlertHistory.Instance(
                        "ChaoslabHighLatencyP99", Map.of("service", "payments"), List.of(episode(70L, 80L, null))));
        assertThat(VerdictRules.decide(fires(Duration.ofMinutes(3)), INCIDENT, others, START, 240_000, Duration.ZERO)
                        .passed())
                .isFalse();
    }

    @Test
    @DisplayName(
            "resolves: passes within the limit after the step ends, fails when late or still firing or never fired")
    void resolvesCases() {
        Verdict ok = VerdictRules.decide(
                resolves(Duration.ofMinutes(2)),
                INCIDENT,
                payments(episode(75L, 135L, 230L)),
                START,
                400_000,
                Duration.ZERO);
        assertThat(ok.passed()).isTrue();
        assertThat(ok.timeToResolveMs()).isEqualTo(50_000);
        assertThat(ok.timeToFireMs()).isEqualTo(75_000);

        Verdict late = VerdictRules.decide(
                resolves(Duration.ofSeconds(30)),
                INCIDENT,
                payments(episode(75L, 135L, 230L)),
                START,
                400_000,
                Duration.ZERO);
        assertThat(late.passed()).isFalse();
        assertThat(late.detail()).contains("20 s later than the 30 s limit");

        Verdict stuck = VerdictRules.decide(
                resolves(Duration.ofMinutes(2)),
                INCIDENT,
                payments(episode(75L, 135L, null)),
                START,
                400_000,
                Duration.ZERO);
        assertThat(stuck.passed()).isFalse();
        assertThat(stuck.timeToResolveMs()).isNull();
        assertThat(stuck.detail()).contains("still firing when watching stopped");

        Verdict never = VerdictRules.decide(
                resolves(Duration.ofMinutes(2)), INCIDENT, List.of(), START, 400_000, Duration.ZERO);
        assertThat(never.passed()).isFalse();
        assertThat(never.detail()).contains("never fired");
    }

    @Test
    @DisplayName("fires: an alert that fired and then resolved reports its time to resolve from the window's end")
    void firesReportsResolve() {
        // chaos[0] runs 60 s to 180 s: fired at 135 s, resolved at 230 s, 50 s after the window ended
        Verdict resolved = VerdictRules.decide(
                fires(Duration.ofMinutes(2)),
                INCIDENT,
                payments(episode(75L, 135L, 230L)),
                START,
                400_000,
                Duration.ZERO);
        assertThat(resolved.passed()).isTrue();
        assertThat(resolved.timeToFireMs()).isEqualTo(75_000);
        assertThat(resolved.timeToResolveMs()).isEqualTo(50_000);

        Verdict stillFiring = VerdictRules.decide(
                fires(Duration.ofMinutes(2)),
                INCIDENT,
                payments(episode(75L, 135L, null)),
                START,
                400_000,
                Duration.ZERO);
        assertThat(stillFiring.timeToResolveMs()).isNull();
    }

    @Test
    @DisplayName("silent: violated by firing inside the window, kept by firing outside it, a pending is a near miss")
    void silentCases() {
        Verdict loud = VerdictRules.decide(
                silent(), BASELINE, payments(episode(20L, 40L, 50L)), START, 400_000, Duration.ZERO);
        assertThat(loud.passed()).isFalse();
        assertThat(loud.timeToFireMs()).isEqualTo(40_000);
        assertThat(loud.detail()).contains("fired 40 s into baseline");

        Verdict outside = VerdictRules.decide(
                silent(), BASELINE, payments(episode(75L, 135L, 200L)), START, 400_000, Duration.ZERO);
        assertThat(outside.passed()).isTrue();
        assertThat(outside.detail()).contains("stayed silent during baseline");

        Verdict nearMiss = VerdictRules.decide(
                silent(), BASELINE, payments(episode(50L, 70L, 90L)), START, 400_000, Duration.ZERO);
        assertThat(nearMiss.passed()).isTrue();
        assertThat(nearMiss.detail()).contains("near miss");
    }

    @Test
    @DisplayName("durations read like people write them")
    void human() {
        assertThat(VerdictRules.human(750)).isEqualTo("750 ms");
        assertThat(VerdictRules.human(42_000)).isEqualTo("42 s");
        assertThat(VerdictRules.human(125_000)).isEqualTo("2m05s");
        assertThat(VerdictRules.human(3_720_000)).isEqualTo("1h02m");
    }
}
