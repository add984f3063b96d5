package dev.chaoslab.simulator.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleName;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;

/**
 * The simulator's layering, checked on the production classes of every chaoslab module (this module sees them all):
 * the engine ({@code scenario}, {@code traffic}, {@code load}, {@code run}, {@code result}, {@code alerts},
 * {@code report}, {@code chaos}, {@code metrics}) under the app ({@code cli}, {@code api}, {@code Main}).
 */
@AnalyzeClasses(
        packages = "dev.chaoslab",
        importOptions = {ImportOption.DoNotIncludeTests.class, LayeringTest.DoNotIncludeTestJars.class})
class LayeringTest {
    private static final String SIM = "dev.chaoslab.simulator.";
    private static final String APP_CLI = SIM + "cli..";
    private static final String APP_API = SIM + "api..";
    /** What the run package offers the app: the manager, a run's handle, their options and refusals. */
    private static final Set<String> RUN_FACADE = Set.of(
            "RunManager",
            "RunManagerOptions",
            "Run",
            "RunOptions",
            "RateChange",
            "RunRejectedException",
            "RunStartException",
            "Shard");

    private static DescribedPredicate<JavaClass> simpleNameIn(Set<String> names) {
        return DescribedPredicate.describe("simple name in " + names, c -> names.contains(c.getSimpleName()));
    }

    /** Leaves out the other modules' test-jars (their test utilities), which a packaged reactor build puts on the path. */
    static final class DoNotIncludeTestJars implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("-tests.jar");
        }
    }

    @ArchTest
    static final ArchRule modulesAreFreeOfCycles = slices().matching("dev.chaoslab.(*)..")
            .should()
            .beFreeOfCycles()
            .because("telemetry, chaos, targets and the simulator are layered modules");

    @ArchTest
    static final ArchRule simulatorPackagesAreFreeOfCycles =
            slices().matching("dev.chaoslab.simulator.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule cliAndApiAreOnTop = noClasses()
            .that()
            .resideOutsideOfPackages(APP_CLI, APP_API)
            .and()
            .doNotHaveFullyQualifiedName(SIM + "Main")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(APP_CLI, APP_API)
            .because("the command line and the REST API wire the engine; nothing in the engine knows them");

    @ArchTest
    static final ArchRule runUsesOnlyTheEngineBelowIt = noClasses()
            .that()
            .resideInAPackage(SIM + "run..")
            .should()
            .dependOnClassesThat(resideInAnyPackage("dev.chaoslab..")
                    .and(not(resideInAnyPackage(
                            SIM + "run..",
                            SIM + "scenario..",
                            SIM + "traffic..",
                            SIM + "load..",
                            SIM + "chaos..",
                            SIM + "result..",
                            SIM + "metrics..",
                            SIM + "alerts..",
                            "dev.chaoslab.chaos..",
                            "dev.chaoslab.telemetry.."))))
            .because("the run engine is built from the scenario, traffic, load, chaos-timeline and result packages");

    @ArchTest
    static final ArchRule runUsesAlertsOnlyThroughItsPort = noClasses()
            .that()
            .resideInAPackage(SIM + "run..")
            .should()
            .dependOnClassesThat(resideInAnyPackage(SIM + "alerts..").and(not(simpleName("AlertCheck"))))
            .because("the engine asks the AlertCheck port for a pre-flight, a settle time and verdicts, nothing else");

    @ArchTest
    static final ArchRule readersNeverReachIntoTheEngine = noClasses()
            .that()
            .resideInAnyPackage(SIM + "report..", SIM + "alerts..", SIM + "result..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage(SIM + "run..")
            .because("reports and alert verdicts read the typed results, never the run");

    @ArchTest
    static final ArchRule theAppDrivesRunsThroughTheirFacade = noClasses()
            .that()
            .resideInAnyPackage(APP_API, APP_CLI)
            .should()
            .dependOnClassesThat(resideInAnyPackage(SIM + "run..").and(not(simpleNameIn(RUN_FACADE))))
            .because("the REST API and the CLI start, watch, steer and stop runs through RunManager and Run, and read "
                    + "what runs produce as typed results");

    @ArchTest
    static final ArchRule resultsDependOnTheModelOnly = noClasses()
            .that()
            .resideInAPackage(SIM + "result..")
            .should()
            .dependOnClassesThat(resideInAnyPackage("dev.chaoslab..")
                    .and(not(resideInAnyPackage(SIM + "result..", SIM + "scenario.."))))
            .because("results are plain records of a run of a scenario, and their one codec");

    @ArchTest
    static final ArchRule tuningReadsRecordingsOnly = noClasses()
            .that()
            .resideInAPackage(SIM + "tune..")
            .should()
            .dependOnClassesThat(resideInAnyPackage(
                    SIM + "run..",
                    SIM + "load..",
                    SIM + "traffic..",
                    SIM + "report..",
                    SIM + "scenario..",
                    APP_API,
                    APP_CLI))
            .because("tune replays recordings offline: it reads typed results and never drives or reaches into a run");

    @ArchTest
    static final ArchRule nothingInTheEngineDependsOnTuning = noClasses()
            .that()
            .resideInAnyPackage(SIM + "run..", SIM + "alerts..", SIM + "result..", SIM + "report..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage(SIM + "tune..")
            .because("runs record what tune needs through the result types; tune sits on top");

    @ArchTest
    static final ArchRule theEngineNeverFormatsTextForHumans = noClasses()
            .that()
            .resideInAnyPackage(SIM + "run..", SIM + "load..", SIM + "traffic..")
            .should()
            .dependOnClassesThat(resideInAnyPackage(SIM + "report..", APP_CLI).or(simpleName("ResultText")))
            .because("sentences for people are made by the report, the CLI and the codec, from typed values");

    @ArchTest
    static final ArchRule onlyTheAppKnowsTheShop = noClasses()
            .that()
            .resideOutsideOfPackages(APP_CLI, "dev.chaoslab.targets..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.chaoslab.targets..")
            .because("the bundled shop is started by `demo` only; the engine's jar does not carry it");

    @ArchTest
    static final ArchRule noInternalVertxApi = noClasses()
            .that()
            .resideInAnyPackage("dev.chaoslab.simulator..", "dev.chaoslab.chaos..", "dev.chaoslab.targets..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.vertx.core.internal..")
            .because("a public Vert.x API does what these modules need (the one internal place is telemetry's "
                    + "LogFieldsRegistration, checked by the telemetry module)");
}
