package dev.chaoslab.simulator.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's nginx serving the example site ({@code examples/nginx}) on a free loopback port: the example's own
 * {@code nginx.conf} in a temporary prefix, with only its listen line changed. {@code scripts/install-deps.sh}
 * installs {@code nginx-light}.
 */
final class LocalNginx implements AutoCloseable {

    static final String BINARY = "/usr/sbin/nginx";
    static final String EXAMPLE = "examples/nginx";
    private static final String LISTEN = "listen 127.0.0.1:8080;";

    private final Process process;
    private final int port;
    private final Path prefix;

    private LocalNginx(Process process, int port, Path prefix) {
        this.process = process;
        this.port = port;
        this.prefix = prefix;
    }

    static boolean installed() {
        return Files.isExecutable(Path.of(BINARY));
    }

    /** Starts nginx and waits (up to 10 s) until it accepts connections. */
    static LocalNginx start(Path repository) throws IOException, InterruptedException {
        Path example = repository.resolve(EXAMPLE);
        Path prefix = Files.createTempDirectory("chaoslab-nginx");
        Files.createDirectories(prefix.resolve("tmp"));
        Files.createSymbolicLink(prefix.resolve("site"), example.resolve("site").toAbsolutePath());
        int port = freePort();
        String conf = Files.readString(example.resolve("nginx.conf"));
        if (!conf.contains(LISTEN)) {
            throw new IllegalStateException(example + "/nginx.conf no longer has '" + LISTEN + "'");
        }
        Files.writeString(prefix.resolve("nginx.conf"), conf.replace(LISTEN, "listen 127.0.0.1:" + port + ";"));
        Process process = new ProcessBuilder(List.of(
                        BINARY,
                        "-p",
                        prefix.toString(),
                        "-c",
                        "nginx.conf",
                        "-e",
                        prefix.resolve("error.log").toString(),
                        "-g",
                        "daemon off; pid " + prefix.resolve("nginx.pid") + ";"))
                .redirectErrorStream(true)
                .redirectOutput(prefix.resolve("nginx.out").toFile())
                .start();
        LocalNginx nginx = new LocalNginx(process, port, prefix);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx exited: " + Files.readString(prefix.resolve("error.log")));
            }
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return nginx;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        nginx.close();
        throw new IllegalStateException("nginx did not listen on " + port + " within 10 s");
    }

    int port() {
        return port;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    Path prefix() {
        return prefix;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
