package dev.chaoslab.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Objects;

/** One parsed document: where it came from (file or rendering, document number) and the typed resource. */
record Manifest(String source, int document, HasMetadata resource) {

    Manifest {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(resource, "resource");
    }

    /** {@code Kind/name}, e.g. {@code Deployment/gateway}. */
    String id() {
        return resource.getKind() + "/" + resource.getMetadata().getName();
    }

    /** Where to look: {@code source, document N (Kind/name)}. */
    String where() {
        return source + ", document " + document + " (" + id() + ")";
    }
}
