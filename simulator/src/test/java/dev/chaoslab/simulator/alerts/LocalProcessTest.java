package dev.chaoslab.simulator.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The child-process lifecycle both local servers share, with {@code /bin/sh} standing in for the server. */
@ExtendWith(VertxExtension.class)
class LocalProcessTest {

    /** A shell that writes its own pid and its background child's pid into the work directory, then waits. */
    private static LocalProcess sleeper(Path logFile) throws Exception {
        return LocalProcess.launch("Sleeper", logFile, "sleeper.conf", workspace -> {
            Files.writeString(workspace.config(), "configured\n");
            Path dir = workspace.workDir();
            return List.of(
                    "/bin/sh",
                    "-c",
                    "echo $$ > " + dir.resolve("shell.pid") + "; sleep 60 & echo $! > " + dir.resolve("child.pid")
                            + "; echo started; wait");
        });
    }

    private static long pid(Path file) throws Exception {
        for (int i = 0;
                i < 100 && (!Files.exists(file) || Files.readString(file).isBlank());
                i++) {
            Thread.sleep(50);
        }
        return Long.parseLong(Files.readString(file).strip());
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Test
    @DisplayName(
            "the workspace is a new temporary directory with a data directory, the config written, a free loopback port and a log named after the process")
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void workspace() throws Exception {
        try (LocalProcess process = sleeper(null)) {
            assertThat(process.workDir().getFileName().toString()).startsWith("chaoslab-sleeper-");
            assertThat(process.workDir().resolve("data")).isDirectory();
            assertThat(process.workDir().resolve("sleeper.conf")).hasContent("configured");
            assertThat(process.logFile()).isEqualTo(process.workDir().resolve("sleeper.log"));
            assertThat(process.port()).isBetween(1, 65535);
            assertThat(process.url()).isEqualTo("http://127.0.0.1:" + process.port());
            assertThat(process.isAlive()).isTrue();
        }
    }

    @Test
    @DisplayName("stop ends the process and its children, deletes the data directory, keeps the log, and is idempotent")
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void stop(Vertx vertx, @TempDir Path tmp) throws Exception {
        Path log = tmp.resolve("logs").resolve("sleeper.log");
        LocalProcess process = sleeper(log);
        long shell = pid(process.workDir().resolve("shell.pid"));
        long child = pid(process.workDir().resolve("child.pid"));
        assertThat(alive(shell)).isTrue();
        assertThat(alive(child)).isTrue();

        Future<Void> first = process.stop(vertx);
        assertThat(process.stop(vertx)).isSameAs(first);
        first.await(20, TimeUnit.SECONDS);

        assertThat(process.isAlive()).isFalse();
        assertThat(alive(shell)).isFalse();
        // the child was sent the signal; it is gone once the orphan is reaped (the test's timeout bounds the wait)
        while (alive(child)) {
            Thread.sleep(50);
        }
        assertThat(process.workDir().resolve("data")).doesNotExist();
        assertThat(log).content().contains("started");
        process.close(); // after stop: nothing left to do, no failure
        assertThat(log).exists();
    }

    @Test
    @DisplayName("awaitReady completes once the probe succeeds, trying again while it fails")
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void ready(Vertx vertx) throws Exception {
        try (LocalProcess process = sleeper(null)) {
            AtomicInteger probes = new AtomicInteger();
            Future<Void> ready = process.awaitReady(
                    vertx,
                    Duration.ofSeconds(10),
                    () -> probes.incrementAndGet() < 3 ? Future.failedFuture("not yet") : Future.succeededFuture(),
                    cause -> ": " + cause.getMessage());
            ready.await(10, TimeUnit.SECONDS);
            assertThat(probes.get()).isEqualTo(3);
        }
    }

    @Test
    @DisplayName("a process that exits before it is ready fails the wait with its exit code and the end of its log")
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void exitsBeforeReady(Vertx vertx) throws Exception {
        try (LocalProcess process = LocalProcess.launch(
                "Quitter",
                null,
                "quitter.conf",
                workspace -> List.of("/bin/sh", "-c", "for i in $(seq 1 20); do echo line $i; done; exit 3"))) {
            Future<Void> ready = process.awaitReady(
                    vertx, Duration.ofSeconds(10), () -> Future.failedFuture("refused"), cause -> ".");
            assertThatThrownBy(() -> ready.await(10, TimeUnit.SECONDS))
                    .isInstanceOf(PrometheusException.class)
                    .hasMessageStartingWith("Local Quitter exited with code 3 before it was ready. Its log ("
                            + process.logFile() + ") ends with:\nline 6\n")
                    .hasMessageEndingWith("\nline 20")
                    .hasMessageNotContaining("line 5\n");
        }
    }

    @Test
    @DisplayName("a process that never gets ready fails the wait after the timeout, saying why the last probe failed")
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void notReadyInTime(Vertx vertx) throws Exception {
        try (LocalProcess process = sleeper(null)) {
            Future<Void> ready = process.awaitReady(
                    vertx,
                    Duration.ofMillis(500),
                    () -> Future.failedFuture("connection refused"),
                    cause -> ": " + cause.getMessage());
            assertThatThrownBy(() -> ready.await(10, TimeUnit.SECONDS))
                    .isInstanceOf(PrometheusException.class)
                    .hasMessageStartingWith("Local Sleeper on " + process.url()
                            + " was not ready in time: connection refused Its log (" + process.logFile()
                            + ") ends with:\n");
            assertThat(process.isAlive())
                    .as("the wait does not stop the process")
                    .isTrue();
        }
    }

    @Test
    @DisplayName("a binary is found by path or on PATH, and a missing or non-executable one is not")
    void findBinary(@TempDir Path tmp) throws Exception {
        assertThat(LocalProcess.findBinary("sh"))
                .hasValueSatisfying(p -> assertThat(p).isExecutable());
        assertThat(LocalProcess.findBinary("/bin/sh")).contains(Path.of("/bin/sh"));
        assertThat(LocalProcess.findBinary("chaoslab-no-such-binary")).isEmpty();
        Path plain = Files.writeString(tmp.resolve("plain"), "not executable");
        assertThat(LocalProcess.findBinary(plain.toString())).isEmpty();
    }
}
