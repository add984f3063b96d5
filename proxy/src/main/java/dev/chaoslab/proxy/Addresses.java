package dev.chaoslab.proxy;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Address checks for the safe-by-default rule: an admin listener off loopback needs a token. */
final class Addresses {

    private Addresses() {}

    /** Whether {@code host} resolves to a loopback address; an unknown host is not loopback. */
    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
