package dev.meridian.architecture;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The one-way doors of ARCHITECTURE.md, checked on the compiled classes. */
class LayeringTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.meridian");
    }

    @Test
    void roomsDependOnlyDownward() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("app").definedBy("dev.meridian.app..")
                .layer("wire").definedBy("dev.meridian.wire..")
                .layer("audit").definedBy("dev.meridian.audit..")
                .layer("core").definedBy("dev.meridian.core..")
                .layer("identity").definedBy("dev.meridian.identity..")
                .layer("policy").definedBy("dev.meridian.policy..")
                .layer("crypto").definedBy("dev.meridian.crypto..")
                .layer("sqlite").definedBy("dev.meridian.store.sqlite..")
                .layer("postgresStore").definedBy("dev.meridian.store.postgres..")
                .layer("storeRows").definedBy("dev.meridian.store.rows..")
                .layer("sqliteSupport").definedBy("dev.meridian.sqlite..")
                .layer("postgresSupport").definedBy("dev.meridian.postgres..")
                .layer("jdbcSupport").definedBy("dev.meridian.jdbc..")
                .layer("store").definedBy("dev.meridian.store")
                .layer("model").definedBy("dev.meridian.model..")
                .layer("json").definedBy("dev.meridian.json..")
                .whereLayer("app").mayNotBeAccessedByAnyLayer()
                .whereLayer("wire").mayOnlyBeAccessedByLayers("app")
                .whereLayer("audit").mayOnlyBeAccessedByLayers("wire", "app")
                .whereLayer("sqlite").mayOnlyBeAccessedByLayers("app")
                .whereLayer("postgresStore").mayOnlyBeAccessedByLayers("app")
                .whereLayer("storeRows").mayOnlyBeAccessedByLayers("sqlite", "postgresStore")
                .whereLayer("core").mayOnlyBeAccessedByLayers("wire", "app")
                .whereLayer("identity").mayOnlyBeAccessedByLayers("wire", "app")
                .whereLayer("policy").mayOnlyBeAccessedByLayers("core", "identity", "app")
                .whereLayer("store").mayOnlyBeAccessedByLayers("core", "sqlite", "postgresStore", "storeRows", "app")
                .whereLayer("crypto").mayOnlyBeAccessedByLayers("core", "wire", "identity", "app")
                .whereLayer("sqliteSupport").mayOnlyBeAccessedByLayers("sqlite", "audit")
                .whereLayer("jdbcSupport").mayOnlyBeAccessedByLayers("sqlite", "postgresStore", "audit", "sqliteSupport",
                        "postgresSupport")
                .whereLayer("postgresSupport").mayOnlyBeAccessedByLayers("postgresStore", "audit", "app")
                .whereLayer("json").mayOnlyBeAccessedByLayers("wire", "policy")
                .check(classes);
    }

    @Test
    void theCoreSeesNoHttpJsonSqlOrMetrics() {
        noClasses().that().resideInAPackage("dev.meridian.core..")
                .should().dependOnClassesThat().resideInAnyPackage("io.netty..", "com.fasterxml..", "java.sql..", "io.prometheus..")
                .check(classes);
    }

    @Test
    void theAuditTrailSeesOnlyTheModel() {
        noClasses().that().resideInAPackage("dev.meridian.audit..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.meridian.core..", "dev.meridian.wire..",
                        "dev.meridian.store..", "dev.meridian.crypto..", "io.netty..")
                .check(classes);
    }

    @Test
    void onlyTheCryptographySeesBouncyCastle() {
        noClasses().that().resideOutsideOfPackage("dev.meridian.crypto..")
                .should().dependOnClassesThat().resideInAPackage("org.bouncycastle..")
                .check(classes);
    }

    @Test
    void onlyTheAttestationCodeReadsCbor() {
        noClasses().that().resideOutsideOfPackage("dev.meridian.crypto.attestation..")
                .should().dependOnClassesThat().resideInAPackage("com.fasterxml.jackson.dataformat.cbor..")
                .check(classes);
    }

    @Test
    void onlyTheSeedFileReaderReadsYaml() {
        noClasses().that().resideOutsideOfPackage("dev.meridian.app.seed..")
                .should().dependOnClassesThat().resideInAnyPackage("com.fasterxml.jackson.dataformat.yaml..", "org.yaml..")
                .check(classes);
    }

    @Test
    void theWireSeesNoSql() {
        noClasses().that().resideInAPackage("dev.meridian.wire..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "dev.meridian.store..")
                .check(classes);
    }

    @Test
    void storesThrowNoServiceErrors() {
        noClasses().that().resideInAPackage("dev.meridian.store..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.meridian.core..", "dev.meridian.wire..")
                .check(classes);
    }
}
