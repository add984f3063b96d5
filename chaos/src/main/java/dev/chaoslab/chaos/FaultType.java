package dev.chaoslab.chaos;

import dev.chaoslab.chaos.http.JsonFields;
import java.util.Set;

/**
 * One kind of fault, registered by name in {@link FaultTypes}: it reads its own part of a fault definition
 * and builds the behaviour that acts on requests (or on calls to a dependency).
 */
public interface FaultType {

    String name();

    /** The top-level fields this type reads besides the common ones; other types' fields are refused. */
    Set<String> fields();

    /** Whether only a proxy can apply it (it acts on the forwarded exchange); an in-process engine refuses it. */
    default boolean needsProxy() {
        return false;
    }

    /**
     * Reads the type's fields from the whole fault object; records problems naming the field and returns
     * {@code null} when anything is wrong.
     */
    FaultBehaviour parse(JsonFields fault, FaultScope scope);
}
