package dev.chaoslab.simulator.alerts;

import dev.chaoslab.simulator.result.Margin;
import dev.chaoslab.simulator.result.Verdict;
import dev.chaoslab.simulator.scenario.Expectation;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetAddress;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

@ExtendWith(VertxExtension.class)
class LocalPrometheusTest {

  static Path rulesDir() throws URISyntaxException {
    return Paths.get(LocalPrometheusTest.class.getResource("/alerts/rules/tiny.yml").toURI()).getParent();
  }

  @Test
  @DisplayName("the generated config has the intervals, the rule files (not promtool test files) and a job per target")
  void config() throws Exception {
    LocalPrometheus.Options options = LocalPrometheus.Options.defaults()
      .withRulesDir(rulesDir())
      .withScrapeInterval(Duration.ofSeconds(2))
      .withJobs(List.of(new LocalPrometheus.ScrapeJob("gateway", List.of("127.0.0.1:8080"), Map.of("service", "gateway"))));
    String yaml = LocalPrometheus.config(options, 9999);
    assertThat(yaml)
      .contains("scrape_interval: 2s", "evaluation_interval: 2s", "scrape_timeout: 2s")
      .contains(rulesDir().resolve("tiny.yml").toString())
      .doesNotContain("tiny.test.yml")
      .contains("job_name: \"gateway\"", "targets: [\"127.0.0.1:8080\"]", "service: \"gateway\"")
      .contains("job_name: \"prometheus\"", "\"127.0.0.1:9999\"");
  }

  @Test
  @DisplayName("the rule files packed by the build are extracted for runs outside the repository")
  void packedRules() throws Exception {
    Path dir = Files.createTempDirectory("chaoslab-rules-test");
    try {
      LocalPrometheus.extractPackedRules(dir);
      assertThat(LocalPrometheus.ruleFiles(dir)).extracting(p -> p.getFileName().toString())
        .contains("chaoslab-symptoms.rules.yml", "chaoslab-slo.rules.yml");
    } finally {
      try (var files = Files.list(dir)) {
        files.forEach(p -> p.toFile().delete());
      }
      Files.delete(dir);
    }
  }

  @Test
  @DisplayName("a missing binary fails with how to install it")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void missingBinary(Vertx vertx) {
    LocalPrometheus.Options options = LocalPrometheus.Options.defaults().withBinary("/nonexistent/prometheus");
    assertThatThrownBy(() -> LocalPrometheus.start(vertx, options).await())
      .isInstanceOf(PrometheusException.class)
      .hasMessageContaining("was not found")
      .hasMessageContaining("sudo apt-get install prometheus");
  }

  @Test
  @DisplayName("a real Prometheus starts on a free port with the rules, an alert fires and resolves, verdicts pass, and stop ends the process")
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  void realPrometheus(Vertx vertx) throws Exception {
    if (LocalPrometheus.findBinary(LocalPrometheus.DEFAULT_BINARY).isEmpty()) {
      // not skipped: a skipped test would pass silently on a machine that cannot check alert verdicts
      fail(LocalPrometheus.installHint(LocalPrometheus.DEFAULT_BINARY) + " (scripts/install-deps.sh does it)");
    }
    double[] value = {0};
    HttpServer target = vertx.createHttpServer()
      .requestHandler(req -> req.response().putHeader("content-type", "text/plain; version=0.0.4")
        .end("# TYPE fake_value gauge\nfake_value " + value[0] + "\n"))
      .listen(0, "127.0.0.1").await();
    LocalPrometheus prometheus = null;
    PrometheusClient client = null;
    try {
      prometheus = LocalPrometheus.start(vertx, LocalPrometheus.Options.defaults()
        .withRulesDir(rulesDir())
        .withScrapeInterval(Duration.ofSeconds(1))
        .withJobs(List.of(new LocalPrometheus.ScrapeJob("fake", List.of("127.0.0.1:" + target.actualPort()), Map.of()))))
        .await();
      assertThat(prometheus.isAlive()).isTrue();
      client = new PrometheusClient(vertx, prometheus.url());
      PrometheusClient c = client;
      assertThat(c.rules().await()).extracting(AlertRule::name).containsExactly("tiny:value", "TinyHigh");

      List<Expectation> expectations = List.of(
        new Expectation(0, "TinyHigh", Map.of(), Expectation.Kind.SILENT, null, TestAnchors.anchor("baseline")),
        new Expectation(0, "TinyHigh", Map.of("severity", "test"), Expectation.Kind.FIRES, Duration.ofSeconds(60), TestAnchors.anchor("incident")),
        new Expectation(0, "TinyHigh", Map.of(), Expectation.Kind.RESOLVES, Duration.ofSeconds(60), TestAnchors.anchor("incident")));
      PrometheusAlertCheck check = new PrometheusAlertCheck(vertx, client);
      check.preflight(expectations).await();
      Instant runStart = Instant.now();

      // baseline: until the recording rule has a few samples of 0 since the run started, so the quiet part has data
      eventually(() -> samplesSince(c, "tiny:value == 0", runStart) >= 3);
      long incidentStart = Duration.between(runStart, Instant.now()).toMillis();
      value[0] = 1;
      eventually(() -> firing(c, "TinyHigh"));
      long incidentEnd = Duration.between(runStart, Instant.now()).toMillis();
      value[0] = 0;
      eventually(() -> !firing(c, "TinyHigh") && hasValue(c, "tiny:value == 0"));
      long runEnd = Duration.between(runStart, Instant.now()).toMillis();

      Window baseline = new Window("baseline", 0, incidentStart);
      Window incident = new Window("incident", incidentStart, incidentEnd);
      List<Verdict> verdicts = check.verdicts(expectations, runStart, runEnd, List.of(baseline, incident, incident),
        List.of(incident)).await();

      assertThat(verdicts).allSatisfy(v -> assertThat(v.passed()).as(v.toString()).isTrue());
      Verdict fires = verdicts.get(1);
      assertThat(fires.timeToFireMs()).isNotNull().isLessThanOrEqualTo(incidentEnd - incidentStart);
      assertThat(verdicts.get(2).timeToResolveMs()).isNotNull();
      Margin margin = fires.margin();
      assertThat(margin.expr()).isEqualTo("tiny:value");
      assertThat(margin.threshold()).isEqualTo(0.5);
      assertThat(margin.incidentMax()).isEqualTo(1.0);
      assertThat(margin.baselineMax()).isEqualTo(0.0);
    } finally {
      if (client != null) {
        client.close();
      }
      if (prometheus != null) {
        prometheus.stop().await();
        assertThat(prometheus.isAlive()).isFalse();
        assertThat(Files.exists(prometheus.workDir().resolve("data"))).isFalse();
        assertThat(Files.readString(prometheus.logFile())).contains("Server is ready to receive web requests");
        int port = prometheus.port();
        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close()).isInstanceOf(java.io.IOException.class);
      }
      target.close().await();
    }
  }

  static boolean hasValue(PrometheusClient c, String expr) {
    return !c.query(expr, null).await().isEmpty();
  }

  static int samplesSince(PrometheusClient c, String expr, Instant start) {
    return c.queryRange(expr, start, Instant.now(), Duration.ofSeconds(1)).await().stream()
      .mapToInt(s -> s.samples().size()).sum();
  }

  static boolean firing(PrometheusClient c, String alert) {
    return c.alerts().await().stream().anyMatch(a -> a.name().equals(alert) && a.state() == ActiveAlert.State.FIRING);
  }

  /** Waits for a condition Prometheus reaches by itself (scrapes, evaluations); the test's @Timeout bounds it. */
  static void eventually(Supplier<Boolean> condition) throws InterruptedException {
    while (!condition.get()) {
      Thread.sleep(250);
    }
  }
}
