package dev.chaoslab.simulator.cli;

import dev.chaoslab.simulator.alerts.AlertmanagerClient;
import dev.chaoslab.simulator.alerts.AlertmanagerWebhook;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Option;

/**
 * {@code serve}'s delivery set-up: the Alertmanager webhook receiver it runs, and the external Alertmanager whose
 * receivers point back at it. Without a receiver address, {@code notifies} and {@code notNotified} are not checked.
 */
public final class AlertmanagerOptions {

    static final String RECEIVER_FLAG = "--alertmanager-receiver";
    static final String URL_FLAG = "--alertmanager-url";
    private static final String LOOPBACK = "127.0.0.1";

    @Option(
            names = RECEIVER_FLAG,
            paramLabel = "HOST:PORT",
            defaultValue = "${env:CHAOSLAB_ALERTMANAGER_RECEIVER}",
            description =
                    "Run the Alertmanager webhook receiver on this address (env CHAOSLAB_ALERTMANAGER_RECEIVER; a "
                            + "port alone listens on 127.0.0.1) at POST /alertmanager/<receiver>, for notifies/notNotified "
                            + "verdicts of the runs; needs --prometheus-url. Off by default.")
    String receiver;

    @Option(
            names = URL_FLAG,
            paramLabel = "URL",
            defaultValue = "${env:CHAOSLAB_ALERTMANAGER_URL}",
            description = "The Alertmanager that notifies the receiver (env CHAOSLAB_ALERTMANAGER_URL): a run whose "
                    + "notifies names a receiver it does not have is refused before it starts.")
    String alertmanagerUrl;

    /** The receiver and the Alertmanager to ask (null when no URL was given). */
    record Started(AlertmanagerWebhook webhook, AlertmanagerClient alertmanager) {}

    /** Whether delivery was asked for at all. */
    boolean requested() {
        return present(receiver) || present(alertmanagerUrl);
    }

    /**
     * Starts the receiver; null when none was asked for.
     *
     * @throws FlagException on a malformed address or URL, a URL without a receiver, or an address it cannot listen on
     */
    Started start(Vertx vertx, PrintWriter out) {
        if (!present(receiver)) {
            if (present(alertmanagerUrl)) {
                throw FlagException.of(
                        URL_FLAG,
                        "needs " + RECEIVER_FLAG + " (env CHAOSLAB_ALERTMANAGER_RECEIVER): the receiver its "
                                + "notifications reach");
            }
            return null;
        }
        Address at = address(receiver.strip());
        AlertmanagerClient client = null;
        if (present(alertmanagerUrl)) {
            try {
                client = new AlertmanagerClient(vertx, alertmanagerUrl);
            } catch (IllegalArgumentException e) {
                throw FlagException.of(URL_FLAG, e.getMessage());
            }
        }
        AlertmanagerWebhook webhook;
        try {
            webhook = AlertmanagerWebhook.start(vertx, at.host(), at.port(), Clock.systemUTC())
                    .await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (client != null) {
                client.close();
            }
            throw FlagException.of(RECEIVER_FLAG, "cannot listen on " + receiver.strip() + ": " + e.getMessage());
        }
        out.println("Alertmanager webhook receiver on http://" + ServeCommand.hostForUrl(at.host()) + ":"
                + webhook.port() + AlertmanagerWebhook.PATH + "<receiver>"
                + (client == null ? "" : " for the Alertmanager at " + client.baseUrl()));
        return new Started(webhook, client);
    }

    /** A listening address: {@code HOST:PORT}, {@code [IPV6]:PORT} or a port alone (loopback). */
    record Address(String host, int port) {}

    static Address address(String value) {
        String host = LOOPBACK;
        String port = value;
        int colon = value.lastIndexOf(':');
        if (colon >= 0) {
            host = value.substring(0, colon);
            port = value.substring(colon + 1);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            if (host.isEmpty() || (host.contains(":") && !value.startsWith("["))) {
                throw FlagException.of(
                        RECEIVER_FLAG,
                        "expected HOST:PORT, [IPV6]:PORT or PORT, e.g. 127.0.0.1:9094 or 0.0.0.0:9094; was " + value);
            }
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            p = -1;
        }
        if (p < 0 || p > 65535) {
            throw FlagException.of(
                    RECEIVER_FLAG, "the port must be a number from 0 to 65535 (0 = a free port); was " + value);
        }
        return new Address(host, p);
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }
}
