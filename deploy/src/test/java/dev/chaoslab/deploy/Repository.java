package dev.chaoslab.deploy;

import java.nio.file.Path;
import java.nio.file.Paths;

/** Paths of the repository the tests check (system property {@code chaoslab.repository}, set by the deploy pom). */
final class Repository {

    static final Path ROOT = Paths.get(System.getProperty("chaoslab.repository", ".."))
            .toAbsolutePath()
            .normalize();
    static final Path KUBERNETES = ROOT.resolve("deploy/kubernetes");
    static final Path COMPOSE = ROOT.resolve("docker/docker-compose.yml");

    private Repository() {}
}
