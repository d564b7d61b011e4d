package org.recprompt;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The layering rules of docs/ARCHITECTURE.md, enforced on the production classes. */
@AnalyzeClasses(packages = "org.recprompt", importOptions = {ImportOption.DoNotIncludeTests.class,
        ArchitectureTest.NotGeneratedBySpringAot.class})
class ArchitectureTest {

    /**
     * Leaves out the classes Spring's build-time (AOT) processing writes into target/classes at
     * {@code package} ({@code Foo__BeanDefinitions}, {@code Foo$$SpringCGLIB$$0}): generated wiring of
     * every bean, the UI's included, not the project's code.
     */
    static final class NotGeneratedBySpringAot implements ImportOption {
        @Override
        public boolean includes(com.tngtech.archunit.core.importer.Location location) {
            return !location.contains("__") && !location.contains("$$SpringCGLIB$$");
        }
    }

    @ArchTest
    static final ArchRule feature_packages_have_no_cycles =
            slices().matching("org.recprompt.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule only_ui_packages_use_vaadin =
            noClasses().that().resideOutsideOfPackage("..ui..")
                    .should().dependOnClassesThat().resideInAPackage("com.vaadin..");

    @ArchTest
    static final ArchRule only_backend_adapters_use_langchain4j =
            noClasses().that().resideOutsideOfPackage("org.recprompt.backend.adapter..")
                    .should().dependOnClassesThat().resideInAPackage("dev.langchain4j..");

    /** Empty until the metrics package lands; it then holds for every class in it. */
    @ArchTest
    static final ArchRule metrics_use_no_framework =
            noClasses().that().resideInAPackage("org.recprompt.metrics..")
                    .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "com.vaadin..",
                            "jakarta.persistence..", "org.hibernate..", "dev.langchain4j..", "picocli..")
                    .allowEmptyShould(true);

    @ArchTest
    static final ArchRule domain_code_does_not_reach_into_ui =
            noClasses().that().resideOutsideOfPackage("..ui..")
                    .should().dependOnClassesThat().resideInAPackage("org.recprompt..ui..");

    /** Reports read run folders as files (one reader, RunFolder), never the runner's classes; only their CLI uses picocli. */
    @ArchTest
    static final ArchRule reports_read_run_folders_not_the_runner =
            noClasses().that().resideInAPackage("org.recprompt.report..")
                    .should().dependOnClassesThat().resideInAPackage("org.recprompt.experiment..");

    @ArchTest
    static final ArchRule only_the_report_cli_uses_picocli =
            noClasses().that().resideInAPackage("org.recprompt.report..").and().resideOutsideOfPackage("org.recprompt.report.cli..")
                    .should().dependOnClassesThat().resideInAPackage("picocli..");

    /** Reports, the results view and its beta/lambda re-ranking never reach a backend: no model can be asked from there. */
    @ArchTest
    static final ArchRule reports_ask_no_backend =
            noClasses().that().resideInAPackage("org.recprompt.report..")
                    .should().dependOnClassesThat().resideInAnyPackage("org.recprompt.backend..", "dev.langchain4j..");
}
