package dev.meridian.wire.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ServiceModelTest {

    private final ServiceModel model = ServiceModel.loadDefault();

    @Test
    void loadsAllFiftyFourOperationsOfTheBundledModel() {
        assertThat(model.operations()).hasSize(54);
        assertThat(model.targetPrefix()).isEqualTo("TrentService");
        assertThat(model.apiVersion()).isEqualTo("2014-11-01");
        assertThat(model.operations()).allSatisfy(operation -> {
            assertThat(model.operation(operation.name())).containsSame(operation);
            assertThat(operation.inputShape().type()).isEqualTo(ShapeType.STRUCTURE);
        });
    }

    @Test
    void loadsTheDefaultModelOnce() {
        assertThat(ServiceModel.loadDefault()).isSameAs(model);
    }

    @Test
    void describesTheEncryptOperation() {
        OperationModel encrypt = model.operation("Encrypt").orElseThrow();
        assertThat(encrypt.name()).isEqualTo("Encrypt");
        assertThat(encrypt.inputShape().name()).isEqualTo("EncryptRequest");
        assertThat(encrypt.outputShapeName()).contains("EncryptResponse");
        assertThat(encrypt.errorShapeNames()).startsWith("NotFoundException", "DisabledException").hasSize(9);
        assertThat(encrypt.inputShape().requiredMemberNames()).containsExactly("KeyId", "Plaintext");
        assertThat(encrypt.inputShape().members()).extracting(ShapeMember::name).containsExactly(
                "KeyId", "Plaintext", "EncryptionContext", "GrantTokens", "EncryptionAlgorithm", "DryRun");
        ShapeMember keyId = encrypt.inputShape().member("KeyId").orElseThrow();
        assertThat(keyId.pathName()).isEqualTo("keyId");
        assertThat(keyId.required()).isTrue();
    }

    @Test
    void tellsOperationsWithoutOutputAndUnknownOperations() {
        assertThat(model.operation("CreateAlias").orElseThrow().outputShapeName()).isEmpty();
        assertThat(model.operation("NoSuchOperation")).isEmpty();
    }

    @Test
    void resolvesConstraintsOfShapes() {
        Shape plaintext = model.shape("PlaintextType").orElseThrow();
        assertThat(plaintext.type()).isEqualTo(ShapeType.BLOB);
        assertThat(plaintext.sensitive()).isTrue();
        assertThat(plaintext.minimum()).hasValue(1);
        assertThat(plaintext.maximum()).hasValue(4096);

        Shape aliasName = model.shape("AliasNameType").orElseThrow();
        assertThat(aliasName.pattern()).get().extracting(pattern -> pattern.pattern()).isEqualTo("^[a-zA-Z0-9:/_-]+$");
        assertThat(aliasName.sensitive()).isFalse();

        Shape keySpec = model.shape("KeySpec").orElseThrow();
        assertThat(keySpec.enumValues()).startsWith("RSA_2048", "RSA_3072").endsWith("ECC_NIST_EDWARDS25519");
        assertThat(keySpec.isEnumValue("SYMMETRIC_DEFAULT")).isTrue();
        assertThat(keySpec.isEnumValue("symmetric_default")).isFalse();
        assertThat(keySpec.minimum()).isEmpty();

        Shape tagList = model.shape("TagList").orElseThrow();
        assertThat(tagList.listMember()).get().extracting(Shape::name).isEqualTo("Tag");
        Shape encryptionContext = model.shape("EncryptionContextType").orElseThrow();
        assertThat(encryptionContext.mapKey()).get().extracting(Shape::type).isEqualTo(ShapeType.STRING);
        assertThat(encryptionContext.mapValue()).get().extracting(Shape::name).isEqualTo("EncryptionContextValue");

        assertThat(model.shape("NotFoundException").orElseThrow().exception()).isTrue();
    }

    @Test
    void exposesOnlyUnmodifiableCollections() {
        OperationModel encrypt = model.operation("Encrypt").orElseThrow();
        assertThatThrownBy(() -> model.operations().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> encrypt.errorShapeNames().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> encrypt.inputShape().members().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> encrypt.inputShape().requiredMemberNames().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void rejectsAModelThatRefersToAnUndefinedShape() {
        String document = """
                {"metadata": {"targetPrefix": "Test", "apiVersion": "1"},
                 "operations": {"Run": {"name": "Run", "input": {"shape": "RunRequest"}}},
                 "shapes": {"RunRequest": {"type": "structure", "members": {"A": {"shape": "Missing"}}}}}
                """;
        assertThatThrownBy(() -> ServiceModel.load(new ByteArrayInputStream(document.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Missing");
    }

    @Test
    void givesAnOperationWithoutInputAnEmptyStructure() {
        String document = """
                {"metadata": {"targetPrefix": "Test", "apiVersion": "1"},
                 "operations": {"Ping": {"name": "Ping"}},
                 "shapes": {}}
                """;
        ServiceModel small = ServiceModel.load(new ByteArrayInputStream(document.getBytes(StandardCharsets.UTF_8)));
        OperationModel ping = small.operation("Ping").orElseThrow();
        assertThat(ping.inputShape().members()).isEmpty();
        assertThat(ping.outputShapeName()).isEmpty();
        assertThat(ping.errorShapeNames()).isEmpty();
    }
}
