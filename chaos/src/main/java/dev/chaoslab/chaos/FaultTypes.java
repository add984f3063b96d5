package dev.chaoslab.chaos;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The fault types, by name. Adding a type is one class and one line here. */
public final class FaultTypes {

  private final Map<String, FaultType> byName = new LinkedHashMap<>();

  public FaultTypes(List<FaultType> types) {
    types.forEach(t -> byName.put(t.name(), t));
  }

  public static FaultTypes standard() {
    return new FaultTypes(List.of(new LatencyFault(), new ErrorFault(), new HangFault(), new ResetFault(),
      new DependencyFault(), new CpuFault()));
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
}
