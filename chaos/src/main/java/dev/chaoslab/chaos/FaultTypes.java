package dev.chaoslab.chaos;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The registry of fault types, by name: the one table every part of chaoslab reads (the chaos engine, the
 * simulator's scenario validation, the JSON Schema test). Adding a type is one class and one line in
 * {@link #standard()}. Immutable after construction; thread-safe.
 */
public final class FaultTypes {

    private final Map<String, FaultType> byName = new LinkedHashMap<>();

    public FaultTypes(List<FaultType> types) {
        types.forEach(t -> byName.put(t.name(), t));
    }

    public static FaultTypes standard() {
        return new FaultTypes(List.of(
                new LatencyFault(),
                new ErrorFault(),
                new HangFault(),
                new ResetFault(),
                new DependencyFault(),
                new CpuFault(),
                new BandwidthFault()));
    }

    public Optional<FaultType> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Collection<FaultType> all() {
        return byName.values();
    }

    public String names() {
        return String.join(", ", byName.keySet());
    }

    /** The registered names, in registration order. */
    public List<String> nameList() {
        return List.copyOf(byName.keySet());
    }

    /** Every type's own top-level fields (besides {@link FaultReader#COMMON_FIELDS}), in registration order. */
    public List<String> typeFields() {
        Set<String> fields = new LinkedHashSet<>();
        byName.values().forEach(t -> fields.addAll(new TreeSet<>(t.fields())));
        return List.copyOf(fields);
    }
}
