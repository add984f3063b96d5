package dev.chaoslab.simulator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The live page's files as the server serves them: its own, small, nothing from elsewhere. */
@ExtendWith(VertxExtension.class)
class LivePageTest {

    @Test
    // well under a second warm, but mostly the JVM's warm-up (class loading, the first client and server), which took
    // over 30 s on a starved machine (a tenth of a core for three test JVMs)
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    @DisplayName("/ and its assets are served with a self-only policy, reference only /live/, and stay small")
    void servesItsOwnSmallAssets(Vertx vertx, @TempDir Path dir) {
        ApiOptions options = new ApiOptions().setPort(0).setToken("t");
        ApiVerticle api = TestApi.deploy(vertx, options, dir, null);
        WebClient client = WebClient.create(vertx);

        HttpResponse<Buffer> page =
                client.get(api.actualPort(), "127.0.0.1", "/").send().await();
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.getHeader("Content-Type")).startsWith("text/html");
        assertThat(page.getHeader("Content-Security-Policy")).contains("default-src 'self'");
        Matcher refs = Pattern.compile("(?:src|href)=\"([^\"#]+)\"").matcher(page.bodyAsString());
        int assets = 0;
        while (refs.find()) {
            assertThat(refs.group(1)).as("a file the page loads").startsWith("/live/");
            HttpResponse<Buffer> asset = client.get(api.actualPort(), "127.0.0.1", refs.group(1))
                    .send()
                    .await();
            assertThat(asset.statusCode()).as(refs.group(1)).isEqualTo(200);
            assets++;
        }
        assertThat(assets).isEqualTo(2);
        assertThat(new LivePage().size()).as("the page's bytes, all files").isLessThan(32 * 1024);

        // only the page's own files: an encoded path to another file is a name it does not have
        HttpResponse<Buffer> escape = client.get(api.actualPort(), "127.0.0.1", "/live/..%2Fopenapi.yaml")
                .send()
                .await();
        assertThat(escape.statusCode()).isEqualTo(404);
        HttpResponse<Buffer> other = client.get(api.actualPort(), "127.0.0.1", "/live/secret.txt")
                .send()
                .await();
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(other.bodyAsJsonObject().getString("error")).isEqualTo("not_found");
    }
}
