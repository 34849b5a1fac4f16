package io.orderpipeline.e2e;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What the build generated for a cluster: each service's manifests (deploy/generated/&lt;service&gt;/) and
 * Helm chart (deploy/generated/helm/kubernetes/&lt;service&gt;-service/, its templates rendered with its values),
 * and what deploy/ adds around them. Every resource is read into the fabric8 Kubernetes model, and a field
 * the model does not know (a misspelt key) fails like a wrong type does.
 */
class DeploymentManifestsIT {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path DEPLOY = ROOT.resolve("deploy");
    private static final Path GENERATED = DEPLOY.resolve("generated");
    private static final Path SECRET_TEMPLATE = DEPLOY.resolve("config/service-secrets.template.yaml");
    /** What every service reads before its own application.properties: the settings, then the runtime's defaults. */
    private static final List<Path> SHARED_CONFIG = List.of(
            ROOT.resolve("pipeline-settings/src/main/resources/META-INF/microprofile-config.properties"),
            ROOT.resolve("pipeline-runtime/src/main/resources/META-INF/microprofile-config.properties"));

    private static final List<String> SERVICES = List.of("stg", "dds", "cdm");
    private static final String OPS_SECRET = "ops-tool-secrets";
    private static final String CONFIG_MAP = "order-pipeline-config";
    private static final int HTTP_PORT = 8080;
    private static final int REPLICAS = 3;

    /** Names of settings that hold a password or carry one (a JAAS line, a token). */
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(password|passwd|pwd|secret|jaas|token|credential|api[_-]?key).*");
    /** A password inside a longer value: a JAAS line, a connection URL (not psql's :'variable', a reference). */
    private static final Pattern INLINE_PASSWORD = Pattern.compile("(?i)password\\s*(?!:')[=:]\\s*\"?([^\"\\s;&]*)");
    private static final Pattern PLACEHOLDER = Pattern.compile("<[A-Z0-9_]+>");

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "Deployment", Deployment.class, "Service", Service.class, "ConfigMap", ConfigMap.class, "Secret", Secret.class,
            "HorizontalPodAutoscaler", HorizontalPodAutoscaler.class, "Job", Job.class);

    // ---- the generated manifests ----

    @ParameterizedTest
    @ValueSource(strings = {"stg", "dds", "cdm"})
    void generatedManifestsAreADeploymentAndAServiceThatFollowTheRules(String service) {
        Path file = GENERATED.resolve(service).resolve("kubernetes.yml");
        assertThat(file).as("%s is written by ./mvnw package", file).isRegularFile();
        List<HasMetadata> resources = readTyped(file);

        assertThat(resources).extracting(HasMetadata::getKind)
                .as("no Flyway init Job, no RBAC for it, no ServiceMonitor CRD: %s", file)
                .containsExactlyInAnyOrder("Service", "Deployment");
        Deployment deployment = only(resources, Deployment.class);
        checkDeployment(service, deployment, REPLICAS);
        checkService(service, only(resources, Service.class), deployment);

        // The JSON twin that quarkus-kubernetes writes beside it says the same.
        List<HasMetadata> fromJson = readTyped(GENERATED.resolve(service).resolve("kubernetes.json"));
        assertThat(fromJson).usingRecursiveFieldByFieldElementComparator().containsExactlyInAnyOrderElementsOf(resources);
    }

    @ParameterizedTest
    @ValueSource(strings = {"stg", "dds", "cdm"})
    void helmLintsTheChartAndRendersItWithItsValuesAndWithOthers(String service) {
        Path chart = chart(service);
        assertThat(chart.resolve("Chart.yaml")).as("the chart is written by ./mvnw package").isRegularFile();
        JsonNode chartYaml = readTree(chart.resolve("Chart.yaml")).get(0);
        assertThat(chartYaml.path("name").asText()).isEqualTo(service + "-service");
        assertThat(chartYaml.path("apiVersion").asText()).isEqualTo("v2");
        LintResult lint = new Helm(chart).lint().strict().call();
        assertThat(lint.isFailed()).as("helm lint --strict %s: %s", chart, lint.getMessages()).isFalse();

        JsonNode values = readTree(chart.resolve("values.yaml")).get(0);
        assertThat(values.path("app").path("replicas").asInt()).isEqualTo(REPLICAS);
        assertThat(values.path("app").path("configMap").asText()).isEqualTo(CONFIG_MAP);
        assertThat(values.path("app").path("secret").asText()).isEqualTo(secretOf(service));
        assertNoPasswordLiteral(chart.resolve("values.yaml").toString(), values);

        // With the chart's own values: the same rules as the plain manifests.
        List<HasMetadata> rendered = render(new Helm(chart).template().withName(service));
        assertThat(rendered).extracting(HasMetadata::getKind).containsExactlyInAnyOrder("Service", "Deployment");
        Deployment deployment = only(rendered, Deployment.class);
        checkDeployment(service, deployment, REPLICAS);
        checkService(service, only(rendered, Service.class), deployment);
        Deployment generated = only(readTyped(GENERATED.resolve(service).resolve("kubernetes.yml")), Deployment.class);
        assertThat(container(deployment).getImage()).isEqualTo(container(generated).getImage());
        assertThat(container(deployment).getResources()).isEqualTo(container(generated).getResources());

        // With other values: each one reaches the Deployment.
        Path otherValues = writeTemporary("""
                app:
                  image: registry.example.com/order-pipeline/%s-service:2.0.0
                  replicas: 5
                  resources:
                    requests: {cpu: "500m", memory: "600Mi"}
                    limits: {cpu: "2", memory: "1Gi"}
                  configMap: other-config
                  secret: other-secrets
                """.formatted(service));
        Deployment custom = only(render(new Helm(chart).template().withName(service).withValuesFile(otherValues)),
                Deployment.class);
        Container container = container(custom);
        assertThat(custom.getSpec().getReplicas()).isEqualTo(5);
        assertThat(container.getImage()).isEqualTo("registry.example.com/order-pipeline/" + service + "-service:2.0.0");
        assertThat(container.getResources().getRequests()).containsEntry("cpu", new Quantity("500m")).containsEntry("memory", new Quantity("600Mi"));
        assertThat(container.getResources().getLimits()).containsEntry("cpu", new Quantity("2")).containsEntry("memory", new Quantity("1Gi"));
        assertThat(container.getEnvFrom()).extracting(from -> from.getConfigMapRef() == null ? null : from.getConfigMapRef().getName())
                .contains("other-config");
        assertThat(container.getEnvFrom()).extracting(from -> from.getSecretRef() == null ? null : from.getSecretRef().getName())
                .contains("other-secrets");
    }

    private static void checkDeployment(String service, Deployment deployment, int replicas) {
        String name = service + "-service";
        String where = "Deployment " + name + ": ";
        assertThat(deployment.getMetadata().getName()).isEqualTo(name);
        assertThat(deployment.getSpec().getReplicas()).as(where + "replicas").isEqualTo(replicas);
        assertThat(deployment.getSpec().getSelector().getMatchLabels())
                .as(where + "a selector without the version, so that a new version can roll out")
                .doesNotContainKey("app.kubernetes.io/version")
                .containsEntry("app.kubernetes.io/name", name);
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());

        Map<String, String> annotations = deployment.getSpec().getTemplate().getMetadata().getAnnotations();
        assertThat(annotations).as(where + "Prometheus scrape annotations on the pods")
                .containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/path", "/q/metrics")
                .containsEntry("prometheus.io/port", Integer.toString(HTTP_PORT));

        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(pod.getInitContainers()).as(where + "Flyway migrates at start-up: no init container waits for a Job").isEmpty();
        assertThat(pod.getContainers()).hasSize(1);
        Container container = pod.getContainers().get(0);
        assertThat(container.getName()).isEqualTo(name);
        assertThat(container.getImage()).as(where + "image")
                .matches("([a-z0-9.-]+(:[0-9]+)?/)?order-pipeline/" + name + ":[A-Za-z0-9_][A-Za-z0-9_.-]*")
                .doesNotEndWith(":latest");
        assertThat(container.getPorts()).anySatisfy(port -> {
            assertThat(port.getName()).isEqualTo("http");
            assertThat(port.getContainerPort()).isEqualTo(HTTP_PORT);
        });

        checkProbe(where + "startup", container.getStartupProbe(), "/q/health/started");
        checkProbe(where + "liveness", container.getLivenessProbe(), "/q/health/live");
        checkProbe(where + "readiness", container.getReadinessProbe(), "/q/health/ready");

        Map<String, Quantity> requests = container.getResources().getRequests();
        Map<String, Quantity> limits = container.getResources().getLimits();
        assertThat(requests).as(where + "resource requests").containsKeys("cpu", "memory");
        assertThat(limits).as(where + "resource limits").containsKeys("cpu", "memory");
        for (String resource : List.of("cpu", "memory")) {
            assertThat(limits.get(resource).getNumericalAmount())
                    .as(where + resource + " limit >= request")
                    .isGreaterThanOrEqualTo(requests.get(resource).getNumericalAmount());
        }

        assertHardened(where, pod, container);

        // Settings: the shared ConfigMap and the service's own Secret as a whole; no credential as a literal.
        assertThat(container.getEnvFrom()).as(where + "envFrom").hasSize(2);
        assertThat(container.getEnvFrom()).as(where + "the shared ConfigMap")
                .extracting(from -> from.getConfigMapRef() == null ? null : from.getConfigMapRef().getName())
                .contains(CONFIG_MAP);
        assertThat(container.getEnvFrom()).as(where + "its own Secret, required").filteredOn(from -> from.getSecretRef() != null)
                .singleElement().satisfies(from -> {
                    assertThat(from.getSecretRef().getName()).isEqualTo(secretOf(service));
                    assertThat(from.getSecretRef().getOptional()).isNotEqualTo(Boolean.TRUE);
                });
        for (EnvVar env : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
            assertThat(env.getName()).as(where + "a literal env value for a secret setting").doesNotMatch(SECRET_NAME);
            assertThat(env.getName()).as(where + "Flyway stays active: it migrates at start-up").isNotEqualTo("QUARKUS_FLYWAY_ACTIVE");
            if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                assertThat(env.getValueFrom().getSecretKeyRef().getName()).as(where + "no other service's Secret")
                        .isEqualTo(secretOf(service));
            }
        }
    }

    /** What every pod of the project runs with: no token, a non-root user, a read-only root and nothing added. */
    private static void assertHardened(String where, PodSpec pod, Container container) {
        assertThat(pod.getAutomountServiceAccountToken()).as(where + "no service account token").isFalse();
        assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
        assertThat(pod.getHostPID()).isNotEqualTo(Boolean.TRUE);
        assertThat(pod.getSecurityContext()).as(where + "pod security context").isNotNull();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(where + "runAsNonRoot").isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).as(where + "a numeric non-root user").isNotNull().isPositive();

        var security = container.getSecurityContext();
        assertThat(security).as(where + "container security context").isNotNull();
        assertThat(security.getAllowPrivilegeEscalation()).as(where + "allowPrivilegeEscalation").isFalse();
        assertThat(security.getReadOnlyRootFilesystem()).as(where + "readOnlyRootFilesystem").isTrue();
        assertThat(security.getPrivileged()).as(where + "privileged").isNotEqualTo(Boolean.TRUE);
        assertThat(security.getCapabilities().getDrop()).as(where + "capabilities dropped").contains("ALL");
        assertThat(security.getCapabilities().getAdd()).as(where + "no capability added").isEmpty();
        var seccomp = security.getSeccompProfile() != null ? security.getSeccompProfile() : pod.getSecurityContext().getSeccompProfile();
        assertThat(seccomp).as(where + "a seccomp profile").isNotNull();
        assertThat(seccomp.getType()).as(where + "seccomp profile").isIn("RuntimeDefault", "Localhost");
        // The root filesystem is read-only: /tmp (JVM, Vert.x, Kafka's native compression libraries) is an emptyDir.
        VolumeMount tmp = container.getVolumeMounts().stream().filter(m -> "/tmp".equals(m.getMountPath())).findFirst()
                .orElseThrow(() -> new AssertionError(where + "no writable /tmp"));
        Volume tmpVolume = pod.getVolumes().stream().filter(v -> v.getName().equals(tmp.getName())).findFirst().orElseThrow();
        assertThat(tmpVolume.getEmptyDir()).as(where + "/tmp is an emptyDir").isNotNull();
        for (VolumeMount mount : container.getVolumeMounts()) {
            if (mount != tmp) {
                assertThat(mount.getReadOnly()).as(where + mount.getMountPath() + " is mounted read-only").isTrue();
            }
        }
        for (Volume volume : pod.getVolumes()) {
            if (volume.getSecret() != null) {
                assertThat(volume.getSecret().getOptional()).as(where + "the Secret volume " + volume.getName()
                        + " (CA files) is optional: a pod starts without it").isTrue();
            }
        }
    }

    private static void checkProbe(String what, Probe probe, String path) {
        assertThat(probe).as(what + " probe").isNotNull();
        assertThat(probe.getHttpGet()).as(what + " probe over HTTP").isNotNull();
        assertThat(probe.getHttpGet().getPath()).as(what + " probe path").isEqualTo(path);
        Object port = probe.getHttpGet().getPort().getValue();
        assertThat(port).as(what + " probe port").isIn(HTTP_PORT, "http");
        assertThat(probe.getPeriodSeconds()).as(what + " probe period").isPositive();
        assertThat(probe.getFailureThreshold()).as(what + " probe failure threshold").isPositive();
    }

    private static void checkService(String service, Service k8sService, Deployment deployment) {
        assertThat(k8sService.getMetadata().getName()).isEqualTo(service + "-service");
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .as("the Service selects the Deployment's pods")
                .containsAllEntriesOf(k8sService.getSpec().getSelector());
        assertThat(k8sService.getSpec().getPorts()).hasSize(1);
        ServicePort port = k8sService.getSpec().getPorts().get(0);
        assertThat(port.getName()).isEqualTo("http");
        assertThat(port.getTargetPort().getValue()).isIn(HTTP_PORT, "http");
    }

    // ---- no secret anywhere it does not belong ----

    @Test
    void noPasswordAppearsAsALiteralInAnyManifestChartOrConfigMap() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(DEPLOY)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(p -> p.toString().matches(".*\\.(ya?ml|json)$"))
                    .filter(p -> !p.getParent().getFileName().toString().equals("templates")) // rendered below
                    .filter(p -> !p.getFileName().toString().equals("values.schema.json"))
                    .sorted().toList();
        }
        assertThat(files).as("the build's manifests are there").anyMatch(p -> p.startsWith(GENERATED.resolve("stg")));
        for (Path file : files) {
            for (JsonNode document : readTree(file)) {
                String kind = document.path("kind").asText();
                if (kind.equals("Secret")) {
                    assertThat(file).as("a Secret is only ever a template with placeholders").isEqualTo(SECRET_TEMPLATE);
                    assertSecretHoldsPlaceholdersOnly(file, document);
                    continue;
                }
                if (kind.equals("ConfigMap")) {
                    document.path("data").fieldNames().forEachRemaining(key -> assertThat(key)
                            .as("%s: ConfigMap key %s looks like a secret setting: it belongs in the Secret", file, key)
                            .doesNotMatch(SECRET_NAME));
                }
                assertNoPasswordLiteral(file.toString(), document);
            }
        }
        for (String service : SERVICES) {
            Path chart = chart(service);
            for (HasMetadata resource : render(new Helm(chart).template().withName(service))) {
                assertNoPasswordLiteral(chart + " (rendered)", JSON.valueToTree(resource));
            }
        }
    }

    @Test
    void theCheckItselfCatchesPasswordLiterals() {
        ObjectNode env = JSON.createObjectNode().put("name", "PG_PASSWORD").put("value", "hunter2");
        ObjectNode jaas = JSON.createObjectNode().put("KAFKA_SASL_JAAS_CONFIG",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"hunter2\";");
        ObjectNode key = JSON.createObjectNode().put("redisPassword", "hunter2");
        ObjectNode url = JSON.createObjectNode().put("url", "jdbc:postgresql://db/warehouse?user=u&password=hunter2");
        for (JsonNode bad : List.of(env, jaas, key, url)) {
            try {
                assertNoPasswordLiteral("example", bad);
            } catch (AssertionError expected) {
                continue;
            }
            fail("not caught: " + bad);
        }
        assertNoPasswordLiteral("example", JSON.createObjectNode().put("PG_PASSWORD", "<PG_PASSWORD>"));
    }

    /** Fails on a password as a value: an env entry, a key that names one, or one inside a longer string. */
    private static void assertNoPasswordLiteral(String where, JsonNode node) {
        walk(node, "", (path, key, value) -> {
            if (value.isEmpty() || isPlaceholder(value)) {
                return;
            }
            if (key != null && SECRET_NAME.matcher(key).matches() && !key.equals("secret") && !key.endsWith("secretName")) {
                fail("%s: %s = '%s' looks like a password literal", where, path, mask(value));
            }
            Matcher inline = INLINE_PASSWORD.matcher(value);
            while (inline.find()) {
                if (!inline.group(1).isEmpty() && !isPlaceholder(inline.group(1))) {
                    fail("%s: %s holds a password: '%s'", where, path, mask(value));
                }
            }
        });
        // env: [{name: X_PASSWORD, value: literal}]
        walkObjects(node, "", (path, object) -> {
            if (object.has("name") && object.has("value") && object.get("value").isValueNode()) {
                String name = object.get("name").asText();
                String value = object.get("value").asText();
                if (SECRET_NAME.matcher(name).matches() && !value.isEmpty() && !isPlaceholder(value)) {
                    fail("%s: %s sets %s to a literal: use a secretKeyRef", where, path, name);
                }
            }
        });
    }

    /** A Secret template: each credential a placeholder, or a line whose password is one; user names may be given. */
    private static void assertSecretHoldsPlaceholdersOnly(Path file, JsonNode secret) {
        JsonNode data = secret.path("stringData");
        assertThat(secret.has("data")).as("%s: stringData with placeholders, no data", file).isFalse();
        assertThat(data.size()).as("%s: the keys the Deployments read", file).isPositive();
        data.fields().forEachRemaining(entry -> {
            String value = entry.getValue().asText();
            Matcher inline = INLINE_PASSWORD.matcher(value);
            while (inline.find()) {
                assertThat(inline.group(1)).as("%s: %s", file, entry.getKey()).matches(PLACEHOLDER);
            }
            if (SECRET_NAME.matcher(entry.getKey()).matches() && !value.contains("=")) {
                assertThat(value).as("%s: %s must be a <PLACEHOLDER>", file, entry.getKey()).matches(PLACEHOLDER);
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"stg", "dds", "cdm", "ops"})
    void theDatabasePasswordHasNoDefaultOutsideDevAndFlywayMigratesAtStartUp(String service) throws IOException {
        // What the application runs with: the shared settings and defaults (the operations tool has only the
        // settings), then its own application.properties over them.
        Map<String, String> properties = new LinkedHashMap<>();
        for (Path shared : service.equals("ops") ? SHARED_CONFIG.subList(0, 1) : SHARED_CONFIG) {
            properties.putAll(properties(shared));
        }
        Path own = ROOT.resolve(service).resolve("src/main/resources/application.properties");
        properties.putAll(properties(own));

        assertThat(properties).as(service + ": the password comes only from PG_PASSWORD (pg.password)")
                .containsEntry("quarkus.datasource.password", "${pg.password}")
                .doesNotContainKey("pg.password");
        properties.forEach((key, value) -> {
            if (key.endsWith("pg.password") || key.endsWith("quarkus.datasource.password")) {
                assertThat(key.equals("quarkus.datasource.password") || key.startsWith("%dev."))
                        .as("%s: %s, a password default outside dev", service, key).isTrue();
            }
            if (key.endsWith("password") && !key.startsWith("%dev.")) {
                assertThat(value).as("%s: %s must come from the environment, with no default", service, key)
                        .matches("\\$\\{[A-Za-z0-9_.-]+:?}");
            }
            if (key.endsWith("jaas.config")) {
                fail("%s: %s belongs in the Secret (KAFKA_SASL_JAAS_CONFIG)", service, key);
            }
        });
        assertThat(properties).as(service + ": migrations run at start-up, as the manifests assume")
                .containsEntry("quarkus.flyway.migrate-at-start", "true");
    }

    private static Map<String, String> properties(Path file) throws IOException {
        Map<String, String> properties = new LinkedHashMap<>();
        Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip)
                .filter(line -> !line.startsWith("#") && line.contains("="))
                .forEach(line -> properties.put(line.substring(0, line.indexOf('=')).strip(),
                        line.substring(line.indexOf('=') + 1).strip()));
        return properties;
    }

    // ---- deploy/ around them ----

    @ParameterizedTest
    @ValueSource(strings = {"", "config", "generated", "kafka", "kafka/users", "postgres", "dev", "monitoring"})
    void everyKustomizationBuildsAndAppliesNoSecretFromTheRepository(String directory) {
        assumeTrue(Kustomize.available(), "kubectl is not installed: kubectl kustomize cannot be run");
        for (JsonNode document : Kustomize.build(DEPLOY.resolve(directory))) {
            assertThat(document.path("kind").asText()).as("deploy/%s: no Secret is applied from the repository",
                    directory).isNotEqualTo("Secret");
            if (KINDS.containsKey(document.path("kind").asText())) {
                toModel("deploy/" + directory, document);
            }
        }
    }

    /** The operations tool's Job: the services' hardening and settings, its own Secret, and one try at a time. */
    @Test
    void theOperationsJobRunsTheToolOnceWithItsOwnSecretAndTheServicesHardening() {
        Job job = only(readTyped(DEPLOY.resolve("ops/job.yaml")), Job.class);
        String where = "deploy/ops/job.yaml: ";
        assertThat(job.getMetadata().getGenerateName()).as(where + "a new name for each run").isEqualTo("ops-tool-");
        assertThat(job.getSpec().getBackoffLimit()).as(where + "retries of a failed run").isBetween(0, 2);
        assertThat(job.getSpec().getActiveDeadlineSeconds()).as(where + "a bounded run").isPositive();
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getContainers()).hasSize(1);
        Container container = pod.getContainers().get(0);
        assertThat(container.getImage()).as(where + "image")
                .matches("([a-z0-9.-]+(:[0-9]+)?/)?order-pipeline/ops-tool:[A-Za-z0-9_][A-Za-z0-9_.-]*");
        assertThat(container.getArgs()).as(where + "a command of the tool").isNotEmpty()
                .first().isIn("status", "redrive", "rebuild");
        assertHardened(where, pod, container);
        assertThat(container.getEnvFrom()).extracting(from -> from.getConfigMapRef() == null
                ? from.getSecretRef().getName() : from.getConfigMapRef().getName())
                .containsExactlyInAnyOrder(CONFIG_MAP, OPS_SECRET);
        assertThat(container.getEnv()).as(where + "no literal settings").isNullOrEmpty();
    }

    @Test
    void theConfigMapHoldsNoCredentialAndEachServiceHasASecretTemplateOfItsOwn() {
        ConfigMap config = only(readTyped(DEPLOY.resolve("config/order-pipeline-config.yaml")), ConfigMap.class);
        assertThat(config.getMetadata().getName()).isEqualTo(CONFIG_MAP);
        assertThat(config.getData()).containsKeys("KAFKA_BOOTSTRAP_SERVERS", "PG_HOST", "PG_PORT", "PG_DB_NAME",
                "REDIS_HOST", "REDIS_PORT");
        assertThat(config.getData()).as("per-service settings would reach all three services")
                .doesNotContainKeys("PG_USER", "KAFKA_SOURCE_TOPIC", "KAFKA_DESTINATION_TOPIC", "KAFKA_CONSUMER_GROUP",
                        "KAFKA_CONSUMER_USERNAME", "KAFKA_PRODUCER_USERNAME");
        List<Secret> templates = readTyped(SECRET_TEMPLATE).stream().map(Secret.class::cast).toList();
        assertThat(templates).extracting(secret -> secret.getMetadata().getName())
                .containsExactly(secretOf("stg"), secretOf("dds"), secretOf("cdm"), OPS_SECRET);
        assertThat(templates).allSatisfy(secret -> assertThat(secret.getStringData()).containsKeys("PG_USER", "PG_PASSWORD"));
        assertThat(templates.get(0).getStringData()).containsKey("REDIS_PASSWORD");
        assertThat(templates).extracting(secret -> secret.getStringData().get("PG_USER")).doesNotHaveDuplicates();
    }

    @Test
    void topicsHavePartitionsForEveryReplicaRetentionAndADeadLetterTopicPerService() {
        Map<String, JsonNode> topics = new LinkedHashMap<>();
        for (JsonNode topic : readTree(DEPLOY.resolve("kafka/topics.yaml"))) {
            assertThat(topic.path("apiVersion").asText()).startsWith("kafka.strimzi.io/");
            assertThat(topic.path("kind").asText()).isEqualTo("KafkaTopic");
            assertThat(topic.path("metadata").path("name").asText()).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
            assertThat(topic.path("metadata").path("labels").path("strimzi.io/cluster").asText()).isNotEmpty();
            String name = topic.path("spec").path("topicName").asText(topic.path("metadata").path("name").asText());
            topics.put(name, topic.path("spec"));
        }
        assertThat(topics).containsOnlyKeys("order-service_orders", "stg-service-orders", "dds-service-orders",
                "stg-service-dlq", "dds-service-dlq", "cdm-service-dlq");
        topics.forEach((name, spec) -> {
            int minimum = name.endsWith("-dlq") ? 1 : REPLICAS;
            assertThat(spec.path("partitions").asInt()).as("%s: a partition for each of the %d replicas", name, minimum)
                    .isGreaterThanOrEqualTo(minimum);
            assertThat(spec.path("replicas").asInt()).as(name).isGreaterThanOrEqualTo(3);
            assertThat(spec.path("config").path("retention.ms").asLong()).as("%s: retention", name).isPositive();
            assertThat(spec.path("config").path("min.insync.replicas").asInt()).as(name).isGreaterThanOrEqualTo(2);
        });
    }

    // ---- autoscaling: kustomize components on top of deploy/ ----

    /** The fields of a KEDA ScaledObject's spec and of its Kafka trigger that these manifests may use (KEDA 2.x). */
    private static final List<String> SCALED_OBJECT_FIELDS = List.of("scaleTargetRef", "minReplicaCount",
            "maxReplicaCount", "pollingInterval", "cooldownPeriod", "idleReplicaCount", "fallback", "advanced",
            "triggers");
    private static final List<String> KAFKA_TRIGGER_FIELDS = List.of("bootstrapServers", "consumerGroup", "topic",
            "lagThreshold", "activationLagThreshold", "offsetResetPolicy", "allowIdleConsumers",
            "excludePersistentLag", "limitToPartitionsWithLag", "sasl", "tls");

    @ParameterizedTest
    @ValueSource(strings = {"keda", "hpa"})
    void eachAutoscalingComponentScalesEveryServiceFromOneToItsPartitionsAndOwnsTheReplicaCount(String component)
            throws IOException {
        assumeTrue(Kustomize.available(), "kubectl is not installed: kubectl kustomize cannot be run");
        List<JsonNode> built = Kustomize.build(overlayWith("autoscaling/" + component));
        Map<String, Integer> partitions = topicPartitions();
        String bootstrapServers = only(readTyped(DEPLOY.resolve("config/order-pipeline-config.yaml")), ConfigMap.class)
                .getData().get("KAFKA_BOOTSTRAP_SERVERS");

        for (String service : SERVICES) {
            String name = service + "-service";
            JsonNode deployment = built.stream().filter(document -> document.path("kind").asText().equals("Deployment")
                    && document.path("metadata").path("name").asText().equals(name)).findFirst().orElseThrow();
            assertThat(deployment.path("spec").has("replicas")).as("%s: the autoscaler owns the replica count", name)
                    .isFalse();
            String input = inputTopic(service);
            if (component.equals("keda")) {
                JsonNode scaler = onlyOfKind(built, "ScaledObject", name);
                assertThat(scaler.path("apiVersion").asText()).isEqualTo("keda.sh/v1alpha1");
                JsonNode spec = scaler.path("spec");
                assertThat(fieldNames(spec)).as("%s: ScaledObject fields", name).isSubsetOf(SCALED_OBJECT_FIELDS);
                assertThat(spec.path("scaleTargetRef").path("name").asText()).isEqualTo(name);
                assertThat(spec.path("minReplicaCount").asInt()).isEqualTo(1);
                assertThat(spec.path("maxReplicaCount").asInt()).as("%s: up to the partitions of %s", name, input)
                        .isEqualTo(partitions.get(input));
                assertThat(spec.path("triggers")).hasSize(1);
                JsonNode trigger = spec.path("triggers").get(0);
                assertThat(trigger.path("type").asText()).isEqualTo("kafka");
                JsonNode metadata = trigger.path("metadata");
                assertThat(fieldNames(metadata)).as("%s: Kafka trigger fields", name).isSubsetOf(KAFKA_TRIGGER_FIELDS);
                assertThat(metadata.path("bootstrapServers").asText()).as("from the ConfigMap").isEqualTo(bootstrapServers);
                assertThat(metadata.path("consumerGroup").asText()).as("the service's default group").isEqualTo(name);
                assertThat(metadata.path("topic").asText()).isEqualTo(input);
                assertThat(metadata.path("lagThreshold").asText()).as("KEDA reads metadata as strings").matches("[1-9][0-9]*");
            } else {
                HorizontalPodAutoscaler hpa = (HorizontalPodAutoscaler) toModel("autoscaling/hpa",
                        onlyOfKind(built, "HorizontalPodAutoscaler", name));
                assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
                assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(name);
                assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(1);
                assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(partitions.get(input));
            }
        }
    }

    /** A kustomization of deploy/ with one component, as a user's deploy/kustomization.yaml would list it. */
    private static Path overlayWith(String component) throws IOException {
        Path overlay = Files.createDirectories(ROOT.resolve("e2e/target/kustomize/" + component.replace('/', '-')));
        Path deploy = overlay.relativize(DEPLOY);
        Files.writeString(overlay.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - %s
                components:
                  - %s
                """.formatted(deploy, deploy.resolve(component)));
        return overlay;
    }

    private static JsonNode onlyOfKind(List<JsonNode> documents, String kind, String name) {
        List<JsonNode> found = documents.stream().filter(document -> document.path("kind").asText().equals(kind)
                && document.path("metadata").path("name").asText().equals(name)).toList();
        assertThat(found).as("one %s %s", kind, name).hasSize(1);
        return found.get(0);
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The service's input topic: the default of its incoming channel's topic in its application.properties. */
    private static String inputTopic(String service) throws IOException {
        Path own = ROOT.resolve(service).resolve("src/main/resources/application.properties");
        return properties(own).entrySet().stream()
                .filter(entry -> entry.getKey().matches("mp\\.messaging\\.incoming\\.[^.]+\\.topic"))
                .map(entry -> entry.getValue().replaceAll("^\\$\\{[A-Z_]+:(.*)}$", "$1"))
                .findFirst().orElseThrow();
    }

    private static Map<String, Integer> topicPartitions() {
        Map<String, Integer> partitions = new LinkedHashMap<>();
        for (JsonNode topic : readTree(DEPLOY.resolve("kafka/topics.yaml"))) {
            partitions.put(topic.path("spec").path("topicName").asText(topic.path("metadata").path("name").asText()),
                    topic.path("spec").path("partitions").asInt());
        }
        return partitions;
    }

    private static Path chart(String service) {
        return GENERATED.resolve(service).resolve("helm/kubernetes").resolve(service + "-service");
    }

    // ---- reading: YAML documents, the Kubernetes model, a Helm chart ----

    private static List<JsonNode> readTree(Path file) {
        try (JsonParser parser = YAML.getFactory().createParser(file.toFile())) {
            MappingIterator<JsonNode> documents = YAML.readValues(parser, JsonNode.class);
            List<JsonNode> result = new ArrayList<>();
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document != null && document.isArray()) {
                    document.forEach(result::add); // kubernetes.json: one array of resources
                } else if (document != null && !document.isNull() && !document.isMissingNode()) {
                    result.add(document);
                }
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static List<HasMetadata> readTyped(Path file) {
        return readTree(file).stream().map(document -> toModel(file.toString(), document)).toList();
    }

    private static HasMetadata toModel(String where, JsonNode document) {
        String kind = document.path("kind").asText();
        Class<? extends HasMetadata> type = KINDS.get(kind);
        assertThat(type).as("%s: unexpected kind '%s'", where, kind).isNotNull();
        HasMetadata resource;
        try {
            resource = JSON.treeToValue(document, type);
        } catch (IOException e) {
            throw new AssertionError(where + ": not a valid " + kind + ": " + e.getMessage(), e);
        }
        List<String> unknown = new ArrayList<>();
        unknownFields(resource, kind, unknown);
        assertThat(unknown).as("%s: fields the Kubernetes model does not know", where).isEmpty();
        return resource;
    }

    /** The model keeps what it does not know in additionalProperties: there must be nothing there. */
    private static void unknownFields(Object node, String path, List<String> unknown) {
        if (node == null) {
            return;
        }
        if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                unknownFields(list.get(i), path + "[" + i + "]", unknown);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> unknownFields(value, path + "." + key, unknown));
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || getter.getDeclaringClass() == Object.class || !getter.getName().startsWith("get")) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(node);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    unknown.add(path + ": " + extra.keySet());
                }
            } else if (!getter.getName().equals("getClass")) {
                unknownFields(value, path + "." + decapitalize(getter.getName().substring(3)), unknown);
            }
        }
    }

    /** The documents helm template prints, read into the Kubernetes model. */
    private static List<HasMetadata> render(TemplateCommand template) {
        String yaml = template.call();
        List<HasMetadata> resources = new ArrayList<>();
        try (JsonParser parser = YAML.getFactory().createParser(yaml)) {
            MappingIterator<JsonNode> documents = YAML.readValues(parser, JsonNode.class);
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document != null && !document.isNull() && !document.isMissingNode()) {
                    resources.add(toModel("helm template", document));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return resources;
    }

    // ---- small helpers ----

    private interface ScalarVisitor {
        void visit(String path, String key, String value);
    }

    private interface ObjectVisitor {
        void visit(String path, JsonNode object);
    }

    private static void walk(JsonNode node, String path, ScalarVisitor visitor) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String child = path + "." + field.getKey();
                if (field.getValue().isBoolean()) {
                    continue; // e.g. automountServiceAccountToken: false
                }
                if (field.getValue().isValueNode()) {
                    visitor.visit(child, field.getKey(), field.getValue().asText());
                } else {
                    walk(field.getValue(), child, visitor);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                JsonNode element = node.get(i);
                if (element.isValueNode()) {
                    visitor.visit(path + "[" + i + "]", null, element.asText());
                } else {
                    walk(element, path + "[" + i + "]", visitor);
                }
            }
        }
    }

    private static void walkObjects(JsonNode node, String path, ObjectVisitor visitor) {
        if (node.isObject()) {
            visitor.visit(path, node);
            node.fields().forEachRemaining(field -> walkObjects(field.getValue(), path + "." + field.getKey(), visitor));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walkObjects(node.get(i), path + "[" + i + "]", visitor);
            }
        }
    }

    private static boolean isPlaceholder(String value) {
        return PLACEHOLDER.matcher(value.strip()).matches();
    }

    private static String mask(String value) {
        return value.length() <= 4 ? "****" : value.substring(0, 2) + "****";
    }

    private static <T extends HasMetadata> T only(List<HasMetadata> resources, Class<T> type) {
        List<T> matching = resources.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(matching).as("one %s", type.getSimpleName()).hasSize(1);
        return matching.get(0);
    }

    private static Path writeTemporary(String yaml) {
        try {
            Path file = Files.createTempFile("values-", ".yaml");
            file.toFile().deleteOnExit();
            return Files.writeString(file, yaml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Container container(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static String secretOf(String service) {
        return service + "-service-secrets";
    }

    private static String decapitalize(String name) {
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
