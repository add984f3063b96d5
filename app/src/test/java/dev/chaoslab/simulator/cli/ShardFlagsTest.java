package dev.chaoslab.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaoslab.simulator.api.TestTarget;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The sharding flags of {@code run} and the {@code merge} command refuse bad input with exit 2 before anything runs. */
class ShardFlagsTest {
    @TempDir
    Path dir;

    private final CliRunner cli = new CliRunner();

    private Path scenarioFile() throws Exception {
        Path file = dir.resolve("s.yaml");
        Files.writeString(
                file,
                TestTarget.scenarioFile(
                        "s", "http://127.0.0.1:8080", 2, 10, "      - {metric: error_ratio, below: 0.5}"));
        return file;
    }

    @Test
    @DisplayName("run --shard needs a seed and a start, a K/N in range and a start within its bounds")
    void shardFlags() throws Exception {
        String file = scenarioFile().toString();
        String data = dir.resolve("data").toString();
        String soon = Instant.now().plusSeconds(30).toString();
        List<List<String>> cases = List.of(
                List.of("--shard", "0/3", "--start-at", soon),
                List.of("--shard", "0/3", "--seed", "1"),
                List.of("--start-at", soon, "--seed", "1"),
                List.of("--shard", "3/3", "--seed", "1", "--start-at", soon),
                List.of("--shard", "one/3", "--seed", "1", "--start-at", soon),
                List.of("--shard", "0/3", "--seed", "1", "--start-at", "tomorrow"),
                List.of(
                        "--shard",
                        "0/3",
                        "--seed",
                        "1",
                        "--start-at",
                        Instant.now().minusSeconds(600).toString()),
                List.of(
                        "--shard",
                        "0/3",
                        "--seed",
                        "1",
                        "--start-at",
                        Instant.now().plusSeconds(90_000).toString()));
        List<String> expected = List.of(
                "--shard: needs --seed N, the same for every shard",
                "--shard: needs --start-at INSTANT",
                "--start-at: only for a sharded run",
                "--shard: the shard index must be in 0..2 for 3 shard(s), was 3",
                "--shard: expected K/N with whole numbers",
                "--start-at: not an ISO-8601 instant",
                "is so far back that the plan of 2 s is over",
                "is more than 24 h ahead");
        for (int i = 0; i < cases.size(); i++) {
            cli.err.getBuffer().setLength(0);
            List<String> args = new ArrayList<>(List.of("run", "s", "--file", file, "--data-dir", data));
            args.addAll(cases.get(i));
            assertThat(cli.execute(args.toArray(String[]::new)))
                    .as(String.join(" ", args))
                    .isEqualTo(ExitCodes.INVALID_INPUT);
            assertThat(cli.err.toString()).as(String.join(" ", args)).contains(expected.get(i));
        }
        assertThat(dir.resolve("data").resolve("runs")).doesNotExist();
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    @DisplayName("run --shard 0/1 writes a shard report and its histograms; merge turns its folder into one report")
    void runAShardAndMergeIt() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            TestTarget target = TestTarget.start(vertx, 200);
            Path file = dir.resolve("t.yaml");
            Files.writeString(
                    file,
                    TestTarget.scenarioFile("t", target.url(), 2, 10, "      - {metric: error_ratio, below: 0.5}"));
            Path data = dir.resolve("shard-0");
            assertThat(cli.execute(
                            "run",
                            "t",
                            "--file",
                            file.toString(),
                            "--data-dir",
                            data.toString(),
                            "--shard",
                            "0/1",
                            "--seed",
                            "5",
                            "--start-at",
                            Instant.now().plusSeconds(8).toString()))
                    .as(cli.out + "\n" + cli.err)
                    .isEqualTo(ExitCodes.OK);
            Path out = dir.resolve("merged");
            assertThat(cli.execute("merge", "--out", out.toString(), data.toString()))
                    .as(cli.out + "\n" + cli.err)
                    .isEqualTo(ExitCodes.OK);
            assertThat(cli.out.toString()).contains("Merged 1 shard(s) of 't'");
            assertThat(Files.readString(out.resolve("report.json"))).contains("\"shards\"", "\"seed\" : 5");
            assertThat(Files.readString(out.resolve("report.html"))).contains("Merged from 1 shard(s)");
            target.close();
        } finally {
            vertx.close().await();
        }
    }

    @Test
    @DisplayName("merge refuses a folder without a shard report with exit 2, naming it, and writes nothing")
    void mergeRefusesNoReport() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Path out = dir.resolve("out");
        assertThat(cli.execute("merge", "--out", out.toString(), empty.toString()))
                .isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(cli.err.toString()).startsWith("merge: " + empty + ": no shard report");
        assertThat(out).doesNotExist();
    }
}
