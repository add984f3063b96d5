package dev.chaoslab.chaos;

/** Wall-clock milliseconds; a seam so TTL expiry is tested without waiting. */
@FunctionalInterface
public interface ChaosClock {

    ChaosClock SYSTEM = System::currentTimeMillis;

    long nowMillis();
}
