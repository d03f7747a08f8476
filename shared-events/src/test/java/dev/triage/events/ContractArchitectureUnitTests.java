package dev.triage.events;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ContractArchitectureUnitTests {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.triage");

    @Test
    void theContractDependsOnTheJdkAndJacksonAnnotationsOnly() {
        noClasses().that().resideInAnyPackage("dev.triage.events", "dev.triage.events.analysis", "dev.triage.events.jobs")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.apache.kafka..",
                        "tools.jackson..", "org.bson..", "com.mongodb..")
                .check(classes);
    }

    @Test
    void eventsAreImmutableRecords() {
        classes().that().implement(TriageEvent.class).should().beRecords().check(classes);
    }
}
