package dev.chaoslab.telemetry;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.chaoslab.telemetry.logging.LogFieldsRegistration;

/** The telemetry module's layering, checked on its production classes. */
@AnalyzeClasses(packages = "dev.chaoslab.telemetry", importOptions = ImportOption.DoNotIncludeTests.class)
class TelemetryArchitectureTest {

    @ArchTest
    static final ArchRule packagesAreFreeOfCycles =
            slices().matching("dev.chaoslab.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule dependsOnNoOtherChaoslabModule = noClasses()
            .that()
            .resideInAPackage("dev.chaoslab.telemetry..")
            .should()
            .dependOnClassesThat(
                    resideInAPackage("dev.chaoslab..").and(not(resideInAPackage("dev.chaoslab.telemetry.."))))
            .because("every other module depends on telemetry, so telemetry depends on none of them");

    @ArchTest
    static final ArchRule internalVertxApiInTwoPlaces = noClasses()
            .that()
            .doNotHaveFullyQualifiedName(LogFieldsRegistration.class.getName())
            .and()
            .doNotHaveFullyQualifiedName(ServerRequests.class.getName())
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.vertx.core.internal..")
            .because("LogFieldsRegistration's Vert.x SPI takes an internal type, and ServerRequests reads what Vert.x"
                    + " keeps for a request (its metric, its context) only there: the two documented places");
}
