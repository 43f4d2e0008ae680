package dev.rampart.hardening;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Rules on the starter's own classes (test classes excluded). */
@AnalyzeClasses(packages = "dev.rampart.hardening", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule starterNeverUsesBoard = noClasses()
            .that().resideInAPackage("dev.rampart.hardening..")
            .should().dependOnClassesThat().resideInAPackage("dev.rampart.board..")
            .because("the starter must work in any Spring MVC application, not only the board");

    @ArchTest
    static final ArchRule packagesHaveNoCycles = slices()
            .matching("dev.rampart.hardening.(*)..")
            .should().beFreeOfCycles();
}
