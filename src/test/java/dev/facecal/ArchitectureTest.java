package dev.facecal;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of docs/architecture.md, checked on the compiled classes (ArchUnit reads every dependency: imports,
 * fully qualified names, method calls): values and algorithms → config → pipeline → study and bench → presentation
 * (report, notebook) and cli; no cycles between packages; Tablesaw only in presentation, picocli only in the CLI; the
 * environment read only in {@code config.Configuration}.
 */
class ArchitectureTest {
    static final String VALUES[] = {"dev.facecal.dataset..", "dev.facecal.pairs..", "dev.facecal.face..",
            "dev.facecal.embed..", "dev.facecal.models..", "dev.facecal.distance..", "dev.facecal.calibrate..",
            "dev.facecal.export.."};

    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.facecal");
    }

    @Test
    void layersOnlyLookDown() {
        ArchRule layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Core").definedBy("dev.facecal")
                .layer("Values").definedBy(VALUES)
                .layer("Config").definedBy("dev.facecal.config..")
                .layer("Pipeline").definedBy("dev.facecal.pipeline..")
                .layer("Study").definedBy("dev.facecal.study..", "dev.facecal.bench..")
                .layer("Presentation").definedBy("dev.facecal.report..", "dev.facecal.notebook..")
                .layer("Cli").definedBy("dev.facecal.cli..")
                .whereLayer("Cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("Presentation").mayOnlyBeAccessedByLayers("Cli")
                .whereLayer("Study").mayOnlyBeAccessedByLayers("Presentation", "Cli")
                .whereLayer("Pipeline").mayOnlyBeAccessedByLayers("Study", "Presentation", "Cli")
                .whereLayer("Config").mayOnlyBeAccessedByLayers("Pipeline", "Study", "Presentation", "Cli")
                .whereLayer("Values").mayOnlyBeAccessedByLayers("Config", "Pipeline", "Study", "Presentation", "Cli");
        layers.check(classes);
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.facecal.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void theCommandLineAndTheNotebooksStayApart() {
        noClasses().that().resideInAPackage("dev.facecal.cli..").should().dependOnClassesThat()
                .resideInAPackage("dev.facecal.notebook..").check(classes);
        noClasses().that().resideInAPackage("dev.facecal.notebook..").should().dependOnClassesThat()
                .resideInAPackage("dev.facecal.cli..").check(classes);
    }

    @Test
    void tablesawOnlyInPresentation() {
        noClasses().that().resideOutsideOfPackages("dev.facecal.report..", "dev.facecal.notebook..")
                .should().dependOnClassesThat().resideInAPackage("tech.tablesaw..")
                .check(classes);
    }

    @Test
    void picocliOnlyInTheCommandLine() {
        noClasses().that().resideOutsideOfPackage("dev.facecal.cli..").should().dependOnClassesThat()
                .resideInAPackage("picocli..").check(classes);
    }

    @Test
    void theEnvironmentIsReadInOnePlace() {
        noClasses().that().doNotHaveFullyQualifiedName("dev.facecal.config.Configuration")
                .should().callMethod(System.class, "getenv")
                .orShould().callMethod(System.class, "getenv", String.class)
                .check(classes);
    }

    @Test
    void theDevelopmentMirrorPathIsNamedInOnePlace() throws IOException {
        List<Path> naming;
        try (Stream<Path> s = Files.walk(Path.of("src/main/java"))) {
            naming = s.filter(p -> p.toString().endsWith(".java")).filter(p -> {
                try {
                    return Files.readString(p).lines().filter(l -> !l.trim().startsWith("*"))
                            .anyMatch(l -> l.contains("shared/datasets/deepface-unit"));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
        assertEquals(List.of(Path.of("src/main/java/dev/facecal/config/Configuration.java")), naming);
    }
}
