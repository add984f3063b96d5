package dev.chaoslab.simulator.alerts;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One server binary run as a child process on a free loopback port, owning its whole lifecycle: the temporary
 * work directory with its {@code data} directory, the log file, a JVM shutdown hook, the wait until it is ready,
 * and an idempotent stop that ends the process and its children and deletes the data directory (the log stays).
 * {@link LocalPrometheus} and {@link LocalAlertmanager} are each one of these plus their configuration.
 *
 * <p>Thread-safe. {@link #stop(Vertx)} runs the blocking stop on a worker; {@link #close()} blocks (for
 * try-with-resources and shutdown paths, never on an event loop).
 */
final class LocalProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalProcess.class);

    /** How many lines of the log a start failure quotes. */
    static final int LOG_TAIL_LINES = 15;

    private static final long PROBE_INTERVAL_MS = 200;

    /**
     * Where a process about to start lives: a new temporary {@code workDir}, its empty {@code dataDir}, the path of
     * its configuration file in it ({@code config}, not written yet), its {@code logFile} (whose parent exists) and a
     * free loopback {@code port}.
     */
    record Workspace(Path workDir, Path dataDir, Path config, Path logFile, int port) {}

    /** Writes what the process needs into its workspace and returns its command line. */
    @FunctionalInterface
    interface Command {
        List<String> prepare(Workspace workspace) throws IOException;
    }

    private final String name;
    private final Process process;
    private final Workspace workspace;
    private final Thread shutdownHook;
    private Future<Void> stopped;

    private LocalProcess(String name, Process process, Workspace workspace) {
        this.name = name;
        this.process = process;
        this.workspace = workspace;
        this.shutdownHook =
                new Thread(() -> destroy(process), "chaoslab-local-" + name.toLowerCase(Locale.ROOT) + "-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Creates the workspace, lets {@code command} write its files and name the command line, and starts it with its
     * output appended to the log file. Blocking: call it on a worker.
     *
     * @param name    what the process is called in messages, e.g. {@code Prometheus}
     * @param logFile where its output goes; null: {@code <name>.log} (lower case) in the work directory
     * @param config  the file name of its configuration in the work directory
     */
    static LocalProcess launch(String name, Path logFile, String config, Command command) throws IOException {
        String lower = name.toLowerCase(Locale.ROOT);
        Path workDir = Files.createTempDirectory("chaoslab-" + lower + "-");
        Path log = logFile != null ? logFile : workDir.resolve(lower + ".log");
        if (log.getParent() != null) {
            Files.createDirectories(log.getParent());
        }
        Workspace workspace = new Workspace(
                workDir, Files.createDirectories(workDir.resolve("data")), workDir.resolve(config), log, freePort());
        List<String> commandLine = command.prepare(workspace);
        LOG.info(
                "starting local {} on 127.0.0.1:{} (config {}, log {})",
                name,
                workspace.port(),
                workspace.config(),
                workspace.logFile());
        Process process = new ProcessBuilder(commandLine)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return new LocalProcess(name, process, workspace);
    }

    /**
     * Completes when {@code probe} succeeds, trying every 200 ms. Fails with a {@link PrometheusException} quoting the
     * end of the log when the process exits first, or when {@code timeout} passes: "was not ready in time" followed by
     * {@code whyNot} of the last probe's failure.
     */
    Future<Void> awaitReady(
            Vertx vertx, Duration timeout, Supplier<Future<Void>> probe, Function<Throwable, String> whyNot) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Promise<Void> ready = Promise.promise();
        probe(vertx, deadline, probe, whyNot, ready);
        return ready.future();
    }

    private void probe(
            Vertx vertx,
            long deadline,
            Supplier<Future<Void>> probe,
            Function<Throwable, String> whyNot,
            Promise<Void> ready) {
        if (!process.isAlive()) {
            ready.fail(new PrometheusException("Local " + name + " exited with code " + process.exitValue()
                    + " before it was ready. Its log (" + logFile() + ") ends with:\n" + logTail()));
            return;
        }
        probe.get().onComplete(ar -> {
            if (ar.succeeded()) {
                ready.complete();
            } else if (System.nanoTime() > deadline) {
                ready.fail(new PrometheusException("Local " + name + " on " + url() + " was not ready in time"
                        + whyNot.apply(ar.cause()) + " Its log (" + logFile() + ") ends with:\n" + logTail()));
            } else {
                vertx.setTimer(PROBE_INTERVAL_MS, id -> probe(vertx, deadline, probe, whyNot, ready));
            }
        });
    }

    int port() {
        return workspace.port();
    }

    String url() {
        return "http://127.0.0.1:" + port();
    }

    Path workDir() {
        return workspace.workDir();
    }

    Path logFile() {
        return workspace.logFile();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Stops the process on a worker thread (see {@link #close()}); idempotent, every call gets the same future. */
    synchronized Future<Void> stop(Vertx vertx) {
        if (stopped == null) {
            stopped = vertx.executeBlocking(() -> {
                close();
                return null;
            });
        }
        return stopped;
    }

    /** Ends the process and its children, deletes the data directory; idempotent, blocking. The log file stays. */
    @Override
    public synchronized void close() {
        if (!process.isAlive() && !Files.exists(workspace.dataDir())) {
            return;
        }
        destroy(process);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the JVM is exiting and the hook runs (or ran): nothing to remove
        }
        deleteRecursively(workspace.dataDir());
        LOG.info("local {} on port {} stopped (log: {})", name, port(), logFile());
    }

    private String logTail() {
        return tail(logFile(), LOG_TAIL_LINES);
    }

    /** The installed binary, if any: {@code binary} as a path, or found on PATH. */
    static Optional<Path> findBinary(String binary) {
        if (binary.contains(File.separator)) {
            Path p = Paths.get(binary);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            Path candidate = Paths.get(dir, binary);
            if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The last {@code lines} lines of a text file, or why it could not be read. */
    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private static void destroy(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", dir, e.getMessage());
        }
    }
}
