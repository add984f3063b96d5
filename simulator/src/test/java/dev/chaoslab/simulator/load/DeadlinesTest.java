package dev.chaoslab.simulator.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class DeadlinesTest {

    private static final class Watched extends Deadlines.Entry {
        final String name;
        final List<String> expired;

        Watched(String name, List<String> expired) {
            this.name = name;
            this.expired = expired;
        }

        @Override
        void expire() {
            expired.add(name);
        }
    }

    @Test
    @Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
    @DisplayName("Only entries still watched when due expire, each once; the sweep stops when nothing is left")
    void expiresWhatIsOverdueOnly(Vertx vertx, VertxTestContext test) {
        Context context = vertx.getOrCreateContext();
        List<String> expired = new ArrayList<>();
        context.runOnContext(v -> {
            Deadlines deadlines = new Deadlines(context);
            List<Watched> all = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                Watched entry = new Watched("e" + i, expired);
                all.add(entry);
                deadlines.add(entry, System.nanoTime(), i % 2 == 0 ? 50 : 60_000);
            }
            // the odd ones end in time (removed in an order that moves entries around), one of the even ones too
            for (int i = 99; i >= 1; i -= 2) {
                deadlines.remove(all.get(i));
            }
            deadlines.remove(all.get(0));
            deadlines.remove(all.get(0));
            assertThat(deadlines.size()).isEqualTo(49);
            vertx.setTimer(
                    300,
                    t -> test.verify(() -> {
                        assertThat(expired).hasSize(49).doesNotHaveDuplicates().doesNotContain("e0");
                        assertThat(expired)
                                .allSatisfy(name -> assertThat(Integer.parseInt(name.substring(1)) % 2)
                                        .isZero());
                        assertThat(deadlines.size()).isZero();
                        test.completeNow();
                    }));
        });
    }
}
