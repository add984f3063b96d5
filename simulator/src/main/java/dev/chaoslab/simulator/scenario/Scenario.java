package dev.chaoslab.simulator.scenario;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated scenario: what traffic to send, what to break and when, what must hold.
 *
 * @param name         unique in its file
 * @param description  free text, may be empty
 * @param targets      target name → base URL (scheme, host, port; no trailing slash), in file order
 * @param chaosApis    target name → base URL of its chaos API, for the targets that accept faults: a plain
 *                     {@code name: url} target serves it itself; {@code {url, chaos}} names it (e.g. a proxy's admin)
 * @param phases       at least one, run back to back
 * @param requests     the weighted request mix, at least one
 * @param chaos        the chaos timeline, in file order
 * @param thresholds   pass/fail criteria on the results
 * @param expectations alert expectations
 * @param source       the file it came from (as {@link ScenarioFile#source()})
 */
public record Scenario(
        String name,
        String description,
        Map<String, URI> targets,
        Map<String, URI> chaosApis,
        List<Phase> phases,
        List<RequestSpec> requests,
        List<ChaosStep> chaos,
        List<Threshold> thresholds,
        List<Expectation> expectations,
        String source) {

    public Scenario {
        targets = Collections.unmodifiableMap(new LinkedHashMap<>(targets));
        chaosApis = Collections.unmodifiableMap(new LinkedHashMap<>(chaosApis));
        phases = List.copyOf(phases);
        requests = List.copyOf(requests);
        chaos = List.copyOf(chaos);
        thresholds = List.copyOf(thresholds);
        expectations = List.copyOf(expectations);
    }

    /**
     * The same scenario with some target base URLs replaced (e.g. the demo's free ports). Names not in
     * the scenario are ignored. The caller is responsible for the allow-list of the new hosts
     * ({@link ScenarioValidator#checkTargets(Map, ValidationOptions)}).
     */
    public Scenario withTargets(Map<String, URI> overrides) {
        Map<String, URI> t = new LinkedHashMap<>(targets);
        Map<String, URI> c = new LinkedHashMap<>(chaosApis);
        overrides.forEach((k, v) -> {
            URI old = t.get(k);
            if (old != null) {
                t.put(k, ScenarioValidator.normalize(v));
                // a target that serves its own chaos API keeps doing so at its new address
                c.computeIfPresent(k, (name, api) -> api.equals(old) ? ScenarioValidator.normalize(v) : api);
            }
        });
        return new Scenario(name, description, t, c, phases, requests, chaos, thresholds, expectations, source);
    }

    /** The base URL of {@code target}'s chaos API, when it accepts faults. */
    public Optional<URI> chaosApi(String target) {
        return Optional.ofNullable(chaosApis.get(target));
    }

    /** The sum of the phase durations. */
    public Duration totalDuration() {
        return phases.stream().map(Phase::duration).reduce(Duration.ZERO, Duration::plus);
    }

    /** The highest rate any phase asks for, requests/s: what the rate ceiling is checked against. */
    public double peakRate() {
        return phases.stream()
                .mapToDouble(p -> p.shape().over(p.duration()).maxRate())
                .max()
                .orElse(0);
    }

    /** The offset at which phase {@code index} starts. */
    public Duration phaseStart(int index) {
        Duration d = Duration.ZERO;
        for (int i = 0; i < index; i++) {
            d = d.plus(phases.get(i).duration());
        }
        return d;
    }

    public Optional<Phase> phase(String phaseName) {
        return phases.stream().filter(p -> p.name().equals(phaseName)).findFirst();
    }

    public Optional<RequestSpec> request(String requestName) {
        return requests.stream().filter(r -> r.name().equals(requestName)).findFirst();
    }
}
