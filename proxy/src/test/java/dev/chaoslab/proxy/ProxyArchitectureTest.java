package dev.chaoslab.proxy;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The proxy module's layering, checked on its production classes. */
@AnalyzeClasses(packages = "dev.chaoslab.proxy", importOptions = ImportOption.DoNotIncludeTests.class)
class ProxyArchitectureTest {

    @ArchTest
    static final ArchRule usesOnlyChaosAndTelemetry = noClasses()
            .should()
            .dependOnClassesThat(resideInAPackage("dev.chaoslab..")
                    .and(not(resideInAnyPackage(
                            "dev.chaoslab.proxy..", "dev.chaoslab.chaos..", "dev.chaoslab.telemetry.."))))
            .because(
                    "the proxy is the fault model and the telemetry in front of someone else's service: no shop, no simulator");

    @ArchTest
    static final ArchRule noInternalVertxApi = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.vertx.core.internal..")
            .because(
                    "vertx-http-proxy's public API (HttpProxy, ProxyInterceptor, ProxyContext) covers what the proxy does");
}
