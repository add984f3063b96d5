package dev.chaoslab.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The project's rules on one rendering (all documents of one {@code kubectl kustomize}): images pinned to compose's
 * versions, requests and limits on every container, non-root pods without privilege escalation, probes on long-running
 * containers, consistent labels, Services that select some workload's pods on named ports that exist, and references
 * (Secrets and their keys, ConfigMaps, claims, service accounts) that resolve within the rendering. An Indexed Job must
 * run each index once: completions = parallelism, backoffLimit 0, restartPolicy Never, and a {@code --shard K/N}
 * argument's N equal to completions. Each violation is one message naming the object and the field.
 */
final class ProjectRules {

    static final String NAMESPACE = "chaoslab";
    static final String PART_OF = "app.kubernetes.io/part-of";
    static final String NAME = "app.kubernetes.io/name";
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding");
    private static final Pattern SHARD = Pattern.compile(".*/(\\d+)");

    private final ComposeImages compose;

    ProjectRules(ComposeImages compose) {
        this.compose = Objects.requireNonNull(compose, "compose");
    }

    /** Every violation in {@code rendering}; empty when it keeps every rule. */
    List<String> check(List<Manifest> rendering) {
        List<String> violations = new ArrayList<>();
        List<Workload> workloads =
                rendering.stream().map(Workload::of).flatMap(Optional::stream).toList();
        for (Manifest manifest : rendering) {
            labelsAndNamespace(manifest, violations);
            if (manifest.resource() instanceof Service service) {
                service(manifest, service, workloads, violations);
            }
            if (manifest.resource() instanceof ClusterRoleBinding binding) {
                for (Subject subject : binding.getSubjects()) {
                    boolean account = "ServiceAccount".equals(subject.getKind());
                    if (account && !exists(rendering, ServiceAccount.class, subject.getName())) {
                        violations.add(
                                manifest.id() + ": subject ServiceAccount " + subject.getName() + " does not exist");
                    }
                    if (account && !NAMESPACE.equals(subject.getNamespace())) {
                        violations.add(manifest.id() + ": subject " + subject.getName() + " must be in namespace "
                                + NAMESPACE);
                    }
                }
            }
        }
        for (Workload workload : workloads) {
            workload.check(this, rendering, violations);
        }
        return violations;
    }

    private static void labelsAndNamespace(Manifest manifest, List<String> violations) {
        HasMetadata resource = manifest.resource();
        Map<String, String> labels =
                Optional.ofNullable(resource.getMetadata().getLabels()).orElse(Map.of());
        if (!"chaoslab".equals(labels.get(PART_OF))) {
            violations.add(manifest.id() + ": metadata.labels needs " + PART_OF + "=chaoslab");
        }
        if (labels.get(NAME) == null) {
            violations.add(manifest.id() + ": metadata.labels needs " + NAME);
        }
        boolean clusterScoped = CLUSTER_SCOPED.contains(resource.getKind());
        if (!clusterScoped && !NAMESPACE.equals(resource.getMetadata().getNamespace())) {
            violations.add(manifest.id() + ": metadata.namespace must be " + NAMESPACE + ", not "
                    + resource.getMetadata().getNamespace());
        }
    }

    private static void service(Manifest manifest, Service service, List<Workload> workloads, List<String> violations) {
        Map<String, String> selector = service.getSpec().getSelector();
        if (selector == null || selector.isEmpty()) {
            violations.add(manifest.id() + ": spec.selector is empty (it would select no pod of the stack)");
            return;
        }
        List<Workload> selected = workloads.stream()
                .filter(w -> w.podLabels().entrySet().containsAll(selector.entrySet()))
                .toList();
        if (selected.isEmpty()) {
            violations.add(manifest.id() + ": spec.selector " + selector + " selects the pods of no workload");
            return;
        }
        for (ServicePort port : service.getSpec().getPorts()) {
            if (port.getTargetPort() != null && port.getTargetPort().getStrVal() != null) {
                String name = port.getTargetPort().getStrVal();
                boolean found = selected.stream()
                        .flatMap(w -> w.pod().getContainers().stream())
                        .flatMap(c -> Optional.ofNullable(c.getPorts()).orElse(List.of()).stream())
                        .map(ContainerPort::getName)
                        .anyMatch(name::equals);
                if (!found) {
                    violations.add(
                            manifest.id() + ": targetPort " + name + " is no container port of the selected pods");
                }
            }
        }
    }

    private static boolean exists(List<Manifest> rendering, Class<? extends HasMetadata> type, String name) {
        return rendering.stream()
                .map(Manifest::resource)
                .anyMatch(r -> type.isInstance(r) && r.getMetadata().getName().equals(name));
    }

    private void container(
            String where,
            Container container,
            boolean longRunning,
            PodSecurityContext pod,
            List<Manifest> rendering,
            List<String> violations) {
        String at = where + " container " + container.getName();
        image(at, container.getImage(), violations);
        ResourceRequirements resources = container.getResources();
        for (String kind : List.of("requests", "limits")) {
            Map<String, Quantity> values = resources == null
                    ? null
                    : kind.equals("requests") ? resources.getRequests() : resources.getLimits();
            for (String resource : List.of("cpu", "memory")) {
                if (values == null || values.get(resource) == null) {
                    violations.add(at + ": resources." + kind + "." + resource + " is missing");
                }
            }
        }
        SecurityContext security = container.getSecurityContext();
        boolean nonRoot = Boolean.TRUE.equals(security == null ? null : security.getRunAsNonRoot())
                || Boolean.TRUE.equals(pod == null ? null : pod.getRunAsNonRoot());
        Long user = security != null && security.getRunAsUser() != null
                ? security.getRunAsUser()
                : pod == null ? null : pod.getRunAsUser();
        if (!nonRoot || (user != null && user == 0)) {
            violations.add(at + ": must run as non-root (securityContext.runAsNonRoot: true, runAsUser not 0)");
        }
        if (security == null || !Boolean.FALSE.equals(security.getAllowPrivilegeEscalation())) {
            violations.add(at + ": securityContext.allowPrivilegeEscalation must be false");
        }
        if (security != null && Boolean.TRUE.equals(security.getPrivileged())) {
            violations.add(at + ": securityContext.privileged is not allowed");
        }
        if (longRunning && container.getReadinessProbe() == null) {
            violations.add(at + ": readinessProbe is missing");
        }
        for (EnvVar env : Optional.ofNullable(container.getEnv()).orElse(List.of())) {
            if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                var ref = env.getValueFrom().getSecretKeyRef();
                secretKey(at + " env " + env.getName(), ref.getName(), ref.getKey(), rendering, violations);
            }
            if (env.getValueFrom() != null && env.getValueFrom().getConfigMapKeyRef() != null) {
                var ref = env.getValueFrom().getConfigMapKeyRef();
                configMapKey(at + " env " + env.getName(), ref.getName(), ref.getKey(), rendering, violations);
            }
        }
        for (EnvFromSource from : Optional.ofNullable(container.getEnvFrom()).orElse(List.of())) {
            if (from.getSecretRef() != null
                    && !exists(rendering, Secret.class, from.getSecretRef().getName())) {
                violations.add(at + ": envFrom Secret " + from.getSecretRef().getName() + " does not exist");
            }
            if (from.getConfigMapRef() != null
                    && !exists(
                            rendering, ConfigMap.class, from.getConfigMapRef().getName())) {
                violations.add(
                        at + ": envFrom ConfigMap " + from.getConfigMapRef().getName() + " does not exist");
            }
        }
    }

    void image(String at, String reference, List<String> violations) {
        if (reference == null || reference.isBlank()) {
            violations.add(at + ": image is missing");
            return;
        }
        ComposeImages.Image image = ComposeImages.Image.parse(reference);
        if (image.tag().isEmpty() || image.tag().equals("latest")) {
            violations.add(
                    at + ": image " + reference + " is not pinned (give it the version tag of docker-compose.yml)");
            return;
        }
        String pinned = compose.tags().get(image.repository());
        if (pinned == null) {
            violations.add(at + ": image " + image.repository()
                    + " is not in docker/docker-compose.yml (the stack's versions are pinned there)");
        } else if (!pinned.equals(image.tag())) {
            violations.add(at + ": image " + reference + " differs from docker-compose.yml's " + image.repository()
                    + ":" + pinned);
        }
    }

    private static void secretKey(
            String at, String name, String key, List<Manifest> rendering, List<String> violations) {
        Optional<Secret> secret = rendering.stream()
                .map(Manifest::resource)
                .filter(Secret.class::isInstance)
                .map(Secret.class::cast)
                .filter(s -> s.getMetadata().getName().equals(name))
                .findFirst();
        if (secret.isEmpty()) {
            violations.add(at + ": Secret " + name + " does not exist");
            return;
        }
        Set<String> keys = Stream.concat(
                        Optional.ofNullable(secret.get().getData()).orElse(Map.of()).keySet().stream(),
                        Optional.ofNullable(secret.get().getStringData()).orElse(Map.of()).keySet().stream())
                .collect(Collectors.toSet());
        if (key != null && !keys.contains(key)) {
            violations.add(at + ": Secret " + name + " has no key " + key + " (it has " + keys + ")");
        }
    }

    private static void configMapKey(
            String at, String name, String key, List<Manifest> rendering, List<String> violations) {
        Optional<ConfigMap> map = rendering.stream()
                .map(Manifest::resource)
                .filter(ConfigMap.class::isInstance)
                .map(ConfigMap.class::cast)
                .filter(c -> c.getMetadata().getName().equals(name))
                .findFirst();
        if (map.isEmpty()) {
            violations.add(at + ": ConfigMap " + name + " does not exist");
        } else if (key != null
                && !Optional.ofNullable(map.get().getData()).orElse(Map.of()).containsKey(key)) {
            violations.add(at + ": ConfigMap " + name + " has no key " + key);
        }
    }

    /** A Deployment, DaemonSet, StatefulSet or Job: its pod template, selector and kind-specific settings. */
    private record Workload(Manifest manifest, PodTemplateSpec template, LabelSelector selector, JobSpec job) {

        static Optional<Workload> of(Manifest manifest) {
            HasMetadata r = manifest.resource();
            if (r instanceof Deployment d) {
                return Optional.of(new Workload(
                        manifest, d.getSpec().getTemplate(), d.getSpec().getSelector(), null));
            }
            if (r instanceof DaemonSet d) {
                return Optional.of(new Workload(
                        manifest, d.getSpec().getTemplate(), d.getSpec().getSelector(), null));
            }
            if (r instanceof StatefulSet s) {
                return Optional.of(new Workload(
                        manifest, s.getSpec().getTemplate(), s.getSpec().getSelector(), null));
            }
            if (r instanceof Job j) {
                return Optional.of(new Workload(
                        manifest, j.getSpec().getTemplate(), j.getSpec().getSelector(), j.getSpec()));
            }
            return Optional.empty();
        }

        PodSpec pod() {
            return template.getSpec();
        }

        Map<String, String> podLabels() {
            return template.getMetadata() == null || template.getMetadata().getLabels() == null
                    ? Map.of()
                    : template.getMetadata().getLabels();
        }

        void check(ProjectRules rules, List<Manifest> rendering, List<String> violations) {
            String id = manifest.id();
            String name = manifest.resource().getMetadata().getLabels() == null
                    ? null
                    : manifest.resource().getMetadata().getLabels().get(NAME);
            if (name == null || !name.equals(podLabels().get(NAME))) {
                violations.add(id + ": the pod template's " + NAME + " must equal the workload's (" + name + ")");
            }
            if (!"chaoslab".equals(podLabels().get(PART_OF))) {
                violations.add(id + ": the pod template needs " + PART_OF + "=chaoslab");
            }
            if (job == null) {
                if (selector == null
                        || selector.getMatchLabels() == null
                        || selector.getMatchLabels().isEmpty()) {
                    violations.add(id + ": spec.selector.matchLabels is empty");
                } else if (!podLabels()
                        .entrySet()
                        .containsAll(selector.getMatchLabels().entrySet())) {
                    violations.add(id + ": spec.selector " + selector.getMatchLabels()
                            + " does not match its pod template's labels");
                }
            } else {
                indexedJob(id, violations);
            }
            PodSecurityContext podSecurity = pod().getSecurityContext();
            for (Container c : Optional.ofNullable(pod().getInitContainers()).orElse(List.of())) {
                rules.container(id, c, false, podSecurity, rendering, violations);
            }
            for (Container c : pod().getContainers()) {
                rules.container(id, c, job == null, podSecurity, rendering, violations);
            }
            for (Volume volume : Optional.ofNullable(pod().getVolumes()).orElse(List.of())) {
                if (volume.getSecret() != null
                        && !exists(rendering, Secret.class, volume.getSecret().getSecretName())) {
                    violations.add(id + ": volume " + volume.getName() + ": Secret "
                            + volume.getSecret().getSecretName() + " does not exist");
                }
                if (volume.getConfigMap() != null
                        && !exists(
                                rendering,
                                ConfigMap.class,
                                volume.getConfigMap().getName())) {
                    violations.add(id + ": volume " + volume.getName() + ": ConfigMap "
                            + volume.getConfigMap().getName() + " does not exist");
                }
                if (volume.getPersistentVolumeClaim() != null
                        && !exists(
                                rendering,
                                PersistentVolumeClaim.class,
                                volume.getPersistentVolumeClaim().getClaimName())) {
                    violations.add(id + ": volume " + volume.getName() + ": PersistentVolumeClaim "
                            + volume.getPersistentVolumeClaim().getClaimName() + " does not exist");
                }
            }
            String account = pod().getServiceAccountName();
            if (account != null && !exists(rendering, ServiceAccount.class, account)) {
                violations.add(id + ": ServiceAccount " + account + " does not exist");
            }
        }

        private void indexedJob(String id, List<String> violations) {
            if (!"Indexed".equals(job.getCompletionMode())) {
                return;
            }
            if (job.getCompletions() == null || !job.getCompletions().equals(job.getParallelism())) {
                violations.add(id + ": an Indexed Job runs every shard at once: completions (" + job.getCompletions()
                        + ") must equal parallelism (" + job.getParallelism() + ")");
            }
            if (!Integer.valueOf(0).equals(job.getBackoffLimit())) {
                violations.add(id + ": backoffLimit must be 0 (a retried index would send its stripe twice), not "
                        + job.getBackoffLimit());
            }
            if (!"Never".equals(pod().getRestartPolicy())) {
                violations.add(
                        id + ": restartPolicy must be Never (a restarted shard would send its stripe twice), not "
                                + pod().getRestartPolicy());
            }
            for (Container c : pod().getContainers()) {
                List<String> args = Optional.ofNullable(c.getArgs()).orElse(List.of());
                int at = args.indexOf("--shard");
                if (at >= 0 && at + 1 < args.size()) {
                    Matcher m = SHARD.matcher(args.get(at + 1));
                    if (!args.get(at + 1).startsWith("$(JOB_COMPLETION_INDEX)/")
                            || !m.matches()
                            || !Integer.valueOf(m.group(1)).equals(job.getCompletions())) {
                        violations.add(id + " container " + c.getName() + ": --shard must be $(JOB_COMPLETION_INDEX)/"
                                + job.getCompletions() + ", not " + args.get(at + 1));
                    }
                }
            }
        }
    }
}
