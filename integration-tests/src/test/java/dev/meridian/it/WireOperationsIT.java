package dev.meridian.it;

import static dev.meridian.it.WireHttp.assertError;
import static dev.meridian.it.WireHttp.assertOk;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.testkit.EmbeddedMeridian;
import dev.meridian.wire.model.OperationModel;
import dev.meridian.wire.model.ServiceModel;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every operation of the model answers in JSON; bad requests change nothing; answers never carry JSON nulls. */
class WireOperationsIT {
    private static EmbeddedMeridian server;
    private static WireHttp http;

    @BeforeAll
    static void start() {
        server = EmbeddedMeridian.start();
        http = new WireHttp(server.endpoint());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static WireHttp.Answer ok(String operation, String body) {
        WireHttp.Answer answer = http.post(operation, body);
        assertOk(answer);
        return answer;
    }

    @Test
    void everyOperationOfTheModelAnswersInJson() {
        List<String> names = ServiceModel.loadDefault().operations().stream().map(OperationModel::name).sorted().toList();
        assertThat(names).hasSize(54).contains("Encrypt", "Sign", "CreateGrant", "ReplicateKey");
        Map<String, String> outcomes = new TreeMap<>();
        for (String name : names) {
            WireHttp.Answer answer = http.post(name, "{}");
            assertThat(answer.contentType()).as(name).isEqualTo(WireHttp.CONTENT_TYPE);
            assertThat(answer.text()).as(name).doesNotContain("Exception:").doesNotContain("\tat ").doesNotContain("<html");
            assertThat(answer.body()).as(name).isNotNull();
            assertThat(answer.body().isObject()).as(name).isTrue();
            WireHttp.assertNoNulls(answer.body(), name);
            if (answer.status() == 200) {
                outcomes.put(name, "200");
            } else {
                assertThat(answer.status()).as(name + ": " + answer.text()).isEqualTo(400);
                assertThat(answer.body().path("__type").asText()).as(name).isNotEmpty();
                outcomes.put(name, answer.body().get("__type").asText());
            }
        }
        assertThat(outcomes).containsEntry("ListKeys", "200").containsEntry("CreateKey", "200")
                .containsEntry("Encrypt", "ValidationException").containsEntry("Decrypt", "ValidationException").containsEntry("GenerateRandom", "ValidationException")
                .doesNotContainValue("KMSInternalException");
    }

    @Test
    void badRequestsLeaveTheStateUnchangedAndTheServerServing() {
        String keyId = ok("CreateKey", "{}").body().at("/KeyMetadata/KeyId").asText();
        ok("CreateAlias", "{\"AliasName\":\"alias/wire-state\",\"TargetKeyId\":\"" + keyId + "\"}");
        ok("TagResource", "{\"KeyId\":\"" + keyId + "\",\"Tags\":[{\"TagKey\":\"a\",\"TagValue\":\"1\"}]}");
        String keysBefore = ok("ListKeys", "{}").text();
        String aliasesBefore = ok("ListAliases", "{}").text();
        String keyBefore = ok("DescribeKey", "{\"KeyId\":\"" + keyId + "\"}").text();
        String tagsBefore = ok("ListResourceTags", "{\"KeyId\":\"" + keyId + "\"}").text();

        List<WireHttp.Answer> refused = new ArrayList<>();
        refused.add(http.post("CreateKey", "{\"KeyUsage\":\"RANDOM\"}"));
        refused.add(http.post("CreateKey", "{\"Description\":5}"));
        refused.add(http.post("CreateKey", "{\"Tags\":[{\"TagKey\":\"a\"}]}"));
        refused.add(http.post("CreateKey", "{\"MultiRegion\":true}{"));
        refused.add(http.post("CreateKey", "[{}]"));
        refused.add(http.post("CreateAlias", "{\"AliasName\":\"wire\",\"TargetKeyId\":\"" + keyId + "\"}"));
        refused.add(http.post("CreateAlias", "{\"AliasName\":\"alias/wire-state\",\"TargetKeyId\":\"" + keyId + "\"}"));
        refused.add(http.post("TagResource", "{\"KeyId\":\"" + keyId + "\",\"Tags\":\"a\"}"));
        refused.add(http.post("UntagResource", "{\"KeyId\":\"" + keyId + "\",\"TagKeys\":[1]}"));
        refused.add(http.post("DisableKey", "{\"KeyId\":\"nope\"}"));
        refused.add(http.post("ScheduleKeyDeletion", "{\"KeyId\":\"" + keyId + "\",\"PendingWindowInDays\":0}"));
        refused.add(http.post("UpdateKeyDescription", "{\"KeyId\":\"" + keyId + "\"}"));
        refused.add(http.post("PutKeyPolicy", "{\"KeyId\":\"" + keyId + "\",\"Policy\":\"{\"}"));
        refused.add(http.post("Nope", "{}"));
        refused.add(http.send(http.request("TrentService.CreateKey", BodyPublishers.ofString("{}"),
                java.util.Collections.singletonMap("Authorization", null))));
        refused.add(http.send(http.request("TrentService.CreateKey", BodyPublishers.ofString("{}"),
                Map.of("Authorization", WireHttp.AUTHORIZATION.replace("/kms/", "/sqs/")))));
        assertError(http.post("ReEncrypt", "{\"DestinationKeyId\":\"" + keyId + "\"}"), 400, "ValidationException",
                "1 validation error detected: Value null at 'ciphertextBlob' failed to satisfy constraint: Member must not be null");
        for (WireHttp.Answer answer : refused) {
            assertThat(answer.status()).as(answer.text()).isEqualTo(400);
            assertThat(answer.contentType()).isEqualTo(WireHttp.CONTENT_TYPE);
            assertThat(answer.body().path("__type").asText()).as(answer.text()).isNotEmpty();
        }

        assertThat(ok("ListKeys", "{}").text()).isEqualTo(keysBefore);
        assertThat(ok("ListAliases", "{}").text()).isEqualTo(aliasesBefore);
        assertThat(ok("DescribeKey", "{\"KeyId\":\"" + keyId + "\"}").text()).isEqualTo(keyBefore);
        assertThat(ok("ListResourceTags", "{\"KeyId\":\"" + keyId + "\"}").text()).isEqualTo(tagsBefore);
        String blob = ok("Encrypt", "{\"KeyId\":\"alias/wire-state\",\"Plaintext\":\"aGk=\"}").body().get("CiphertextBlob").asText();
        assertThat(ok("Decrypt", "{\"CiphertextBlob\":\"" + blob + "\"}").body().get("Plaintext").asText()).isEqualTo("aGk=");
    }

    @Test
    void successfulAnswersCarryNoNullMembers() {
        String keyId = ok("CreateKey", "{\"Description\":\"wire\"}").body().at("/KeyMetadata/KeyId").asText();
        String mrk = ok("CreateKey", "{\"MultiRegion\":true}").body().at("/KeyMetadata/KeyId").asText();
        ok("ReplicateKey", "{\"KeyId\":\"" + mrk + "\",\"ReplicaRegion\":\"eu-west-1\"}");
        ok("DescribeKey", "{\"KeyId\":\"" + mrk + "\"}");
        String key = "\"KeyId\":\"" + keyId + "\"";
        String blob = ok("Encrypt", "{" + key + ",\"Plaintext\":\"aGk=\",\"EncryptionContext\":{\"a\":\"b\"}}")
                .body().get("CiphertextBlob").asText();
        ok("Decrypt", "{\"CiphertextBlob\":\"" + blob + "\",\"EncryptionContext\":{\"a\":\"b\"}}");
        ok("ReEncrypt", "{\"CiphertextBlob\":\"" + blob + "\",\"SourceEncryptionContext\":{\"a\":\"b\"},\"DestinationKeyId\":\""
                + mrk + "\"}");
        assertThat(ok("GenerateDataKey", "{" + key + ",\"KeySpec\":\"AES_256\"}").body().fieldNames())
                .toIterable().containsExactlyInAnyOrder("CiphertextBlob", "Plaintext", "KeyId", "KeyMaterialId");
        assertThat(ok("GenerateDataKeyWithoutPlaintext", "{" + key + ",\"NumberOfBytes\":16}").body().fieldNames())
                .toIterable().containsExactlyInAnyOrder("CiphertextBlob", "KeyId", "KeyMaterialId");
        ok("GenerateRandom", "{\"NumberOfBytes\":8}");
        ok("GetKeyPolicy", "{" + key + ",\"PolicyName\":\"default\"}");
        ok("ListKeyPolicies", "{" + key + "}");
        ok("ListResourceTags", "{" + key + "}");
        ok("ListAliases", "{\"KeyId\":\"" + keyId + "\"}");
        ok("ListKeys", "{\"Limit\":1}");
        assertThat(ok("DisableKey", "{" + key + "}").text()).isEqualTo("{}");
        ok("ScheduleKeyDeletion", "{" + key + ",\"PendingWindowInDays\":7}");
        assertThat(ok("DescribeKey", "{" + key + "}").body().at("/KeyMetadata/DeletionDate").isNumber()).isTrue();
        ok("CancelKeyDeletion", "{" + key + "}");
    }
}
