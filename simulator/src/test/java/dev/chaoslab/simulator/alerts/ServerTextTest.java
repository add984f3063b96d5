package dev.chaoslab.simulator.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ServerTextTest {

    @Test
    @DisplayName("a base URL loses its blanks and trailing slashes; anything but http(s) with a host is refused, "
            + "saying what the URL looks like")
    void baseUrl() {
        assertThat(ServerText.baseUrl(" http://prometheus:9090// ", "Prometheus", "http://127.0.0.1:9090"))
                .isEqualTo("http://prometheus:9090");
        assertThat(ServerText.baseUrl("https://am.example/prefix/", "Alertmanager", "http://127.0.0.1:9093"))
                .isEqualTo("https://am.example/prefix");

        assertThatThrownBy(() -> ServerText.baseUrl("  ", "Prometheus", "http://127.0.0.1:9090"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the Prometheus URL must be set, e.g. http://127.0.0.1:9090");
        assertThatThrownBy(() -> ServerText.baseUrl("http://a b", "Prometheus", "http://127.0.0.1:9090"))
                .hasMessage("not a URL: http://a b; the Prometheus URL looks like http://127.0.0.1:9090");
        assertThatThrownBy(() -> ServerText.baseUrl("ftp://x", "Alertmanager", "http://127.0.0.1:9093"))
                .hasMessage("not an http(s) URL with a host: ftp://x; the Alertmanager URL looks like "
                        + "http://127.0.0.1:9093");
        assertThatThrownBy(() -> ServerText.baseUrl("localhost:9090", "Prometheus", "http://127.0.0.1:9090"))
                .hasMessageStartingWith("not an http(s) URL with a host: localhost:9090");
    }

    @Test
    @DisplayName("a body is quoted on one line, cut after 200 characters; no body reads 'empty body'")
    void excerpt() {
        assertThat(ServerText.excerpt(null)).isEqualTo("empty body");
        assertThat(ServerText.excerpt(" \n\t")).isEqualTo("empty body");
        assertThat(ServerText.excerpt("<html>\n  <body>Bad   gateway</body>\n</html>\n"))
                .isEqualTo("<html> <body>Bad gateway</body> </html>");
        String tooLong = "x".repeat(ServerText.MAX_EXCERPT + 50);
        assertThat(ServerText.excerpt(tooLong)).isEqualTo("x".repeat(ServerText.MAX_EXCERPT) + "…");
        assertThat(ServerText.excerpt("x".repeat(ServerText.MAX_EXCERPT)))
                .isEqualTo("x".repeat(ServerText.MAX_EXCERPT));
    }
}
