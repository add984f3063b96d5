package dev.chaoslab.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ExemplarPlacementTest {

    private static final String EXEMPLAR = " # {span_id=\"b\",trace_id=\"a\"} 0.012 1732536000.000";

    @Test
    @DisplayName("exemplars stay on histogram buckets and counter totals")
    void keptOnBucketsAndTotals() {
        String body = "vertx_http_server_response_time_seconds_bucket{code=\"200\",le=\"0.025\"} 3" + EXEMPLAR + "\n"
                + "chaos_injections_total{fault=\"latency\"} 2.0" + EXEMPLAR + "\n";

        assertThat(ExemplarPlacement.keepOnBucketsAndCounters(body)).isEqualTo(body);
    }

    @Test
    @DisplayName("exemplars on _count and _sum are cut, the samples stay")
    void cutElsewhere() {
        String body = "# TYPE vertx_http_server_response_bytes summary\n"
                + "vertx_http_server_response_bytes_count{code=\"200\"} 3" + EXEMPLAR + "\n"
                + "vertx_http_server_response_time_seconds_count{code=\"200\"} 3" + EXEMPLAR + "\n"
                + "# EOF\n";

        assertThat(ExemplarPlacement.keepOnBucketsAndCounters(body))
                .isEqualTo("# TYPE vertx_http_server_response_bytes summary\n"
                        + "vertx_http_server_response_bytes_count{code=\"200\"} 3\n"
                        + "vertx_http_server_response_time_seconds_count{code=\"200\"} 3\n"
                        + "# EOF\n");
    }

    @Test
    @DisplayName("a ' # ' inside a quoted label value is not taken for an exemplar")
    void quotedHashIsLabelText() {
        String body = "x_count{route=\"/a # b\",q=\"\\\" # \"} 1\n";

        assertThat(ExemplarPlacement.keepOnBucketsAndCounters(body)).isEqualTo(body);
    }
}
