package gg.suggestions.eventstore;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The event store is a library every service depends on: it knows no service and no Spring Boot.
 */
@AnalyzeClasses(
    packages = "gg.suggestions.eventstore",
    importOptions = ImportOption.DoNotIncludeTests.class)
class EventStoreArchitectureTest {

  @ArchTest
  static final ArchRule knowsNoSpringBoot =
      noClasses().should().dependOnClassesThat().resideInAPackage("org.springframework.boot..");

  @ArchTest
  static final ArchRule knowsNoService =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "gg.suggestions.command..",
              "gg.suggestions.query..",
              "gg.suggestions.gateway..",
              "gg.suggestions.deploy..");

  @ArchTest
  static final ArchRule contractsArePlainData =
      classes()
          .that()
          .resideInAPackage("gg.suggestions.eventstore.contract..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage(
              "java..",
              "gg.suggestions.eventstore.contract..",
              "org.axonframework.serialization",
              "org.axonframework.modelling.command");
}
