package dev.chaoslab.targets;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The targets module's layering, checked on its production classes. */
@AnalyzeClasses(packages = "dev.chaoslab.targets", importOptions = ImportOption.DoNotIncludeTests.class)
class TargetsArchitectureTest {

    @ArchTest
    static final ArchRule packagesAreFreeOfCycles =
            slices().matching("dev.chaoslab.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule shopUsesOnlyHttpChaosAndTelemetry = noClasses()
            .that()
            .resideInAPackage("dev.chaoslab.targets.shop..")
            .should()
            .dependOnClassesThat(resideInAPackage("dev.chaoslab..")
                    .and(not(resideInAnyPackage(
                            "dev.chaoslab.targets.shop..",
                            "dev.chaoslab.targets.http..",
                            "dev.chaoslab.chaos..",
                            "dev.chaoslab.telemetry.."))))
            .because(
                    "the services are built from the shared HTTP plumbing, the fault model and telemetry, nothing else");

    @ArchTest
    static final ArchRule noInternalVertxApi = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.vertx.core.internal..")
            .because("a public Vert.x API exists for everything the targets do");
}
