package dev.chaoslab.simulator.result;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * Writes and reads {@link ShardHistograms} in HdrHistogram's interval log format ({@code histograms.hlog}): one tagged
 * interval line per histogram, readable by HdrHistogram's own tools. The tag says what the line measures:
 * {@code run.corrected}, {@code cell.service;<label>;<phase>} or {@code second.corrected;<t>} (label and phase
 * URL-encoded); a second's interval is that second of the run.
 *
 * <p>Stateless and thread-safe.
 */
public final class HistogramLog {
    /** The file name beside {@code report.json}. */
    public static final String FILE = "histograms.hlog";

    private HistogramLog() {}

    /** The log text of {@code histograms}, microsecond values (the max column in ms). */
    public static String write(ShardHistograms histograms) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, false, StandardCharsets.UTF_8)) {
            HistogramLogWriter writer = new HistogramLogWriter(out);
            writer.outputComment("chaoslab shard histograms, values in microseconds");
            writer.outputLogFormatVersion();
            writer.outputLegend();
            for (ShardHistograms.Entry e : histograms.entries()) {
                Histogram h = e.histogram().copy();
                h.setTag(tag(e));
                double start = e.scope() == ShardHistograms.Scope.SECOND ? e.second() : 0;
                writer.outputIntervalHistogram(start, start + 1, h, 1000.0);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /**
     * Reads a log {@link #write} made.
     *
     * @param file names the file in a refusal
     * @throws ResultFormatException as {@code file:line: problem} for a line that cannot be read
     */
    public static ShardHistograms read(String file, String text) {
        List<ShardHistograms.Entry> entries = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("\"")) {
                continue;
            }
            try {
                entries.add(entry(line));
            } catch (RuntimeException e) {
                throw new ResultFormatException(
                        file + ":" + (i + 1), e.getMessage() == null ? e.toString() : e.getMessage());
            }
        }
        return new ShardHistograms(entries);
    }

    private static ShardHistograms.Entry entry(String line) {
        if (!line.startsWith("Tag=")) {
            throw new IllegalArgumentException("an interval line without a Tag=");
        }
        String[] parts = line.split(",");
        if (parts.length != 5) {
            throw new IllegalArgumentException("an interval line needs Tag, start, length, max and the histogram");
        }
        String[] tag = parts[0].substring("Tag=".length()).split(";", -1);
        String[] kind = tag[0].split("\\.");
        if (kind.length != 2) {
            throw new IllegalArgumentException("unknown tag \"" + parts[0] + "\"");
        }
        ShardHistograms.Scope scope = ShardHistograms.Scope.valueOf(kind[0].toUpperCase(Locale.ROOT));
        ShardHistograms.Measure measure = ShardHistograms.Measure.valueOf(kind[1].toUpperCase(Locale.ROOT));
        Histogram h;
        try {
            h = Histogram.decodeFromCompressedByteBuffer(
                    ByteBuffer.wrap(Base64.getDecoder().decode(parts[4])), 0);
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("the histogram cannot be decoded: " + e.getMessage());
        }
        return switch (scope) {
            case RUN -> {
                expect(tag, 1, parts[0]);
                yield new ShardHistograms.Entry(scope, measure, null, null, -1, h);
            }
            case CELL -> {
                expect(tag, 3, parts[0]);
                yield new ShardHistograms.Entry(scope, measure, decode(tag[1]), decode(tag[2]), -1, h);
            }
            case SECOND -> {
                expect(tag, 2, parts[0]);
                long t = Long.parseLong(tag[1]);
                if (t < 0) {
                    throw new IllegalArgumentException("a negative second in \"" + parts[0] + "\"");
                }
                yield new ShardHistograms.Entry(scope, measure, null, null, t, h);
            }
        };
    }

    private static void expect(String[] tag, int parts, String raw) {
        if (tag.length != parts) {
            throw new IllegalArgumentException("tag \"" + raw + "\" needs " + parts + " part(s) separated by ';'");
        }
    }

    private static String tag(ShardHistograms.Entry e) {
        String kind = e.scope().name().toLowerCase(Locale.ROOT) + "."
                + e.measure().name().toLowerCase(Locale.ROOT);
        return switch (e.scope()) {
            case RUN -> kind;
            case CELL -> kind + ";" + encode(e.label()) + ";" + encode(e.phase());
            case SECOND -> kind + ";" + e.second();
        };
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
