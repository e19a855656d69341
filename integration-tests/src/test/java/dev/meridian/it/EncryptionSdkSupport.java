package dev.meridian.it;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import software.amazon.awssdk.awscore.AwsExecutionAttribute;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.KmsClientBuilder;
import software.amazon.cryptography.materialproviders.IClientSupplier;
import software.amazon.cryptography.materialproviders.IKeyring;
import software.amazon.cryptography.materialproviders.MaterialProviders;
import software.amazon.cryptography.materialproviders.model.AwsCryptographicMaterialProvidersException;
import software.amazon.cryptography.materialproviders.model.CollectionOfErrors;
import software.amazon.cryptography.materialproviders.model.CreateAwsKmsMrkDiscoveryMultiKeyringInput;
import software.amazon.cryptography.materialproviders.model.CreateAwsKmsMrkMultiKeyringInput;
import software.amazon.cryptography.materialproviders.model.DiscoveryFilter;
import software.amazon.cryptography.materialproviders.model.GetClientInput;
import software.amazon.cryptography.materialproviders.model.MaterialProvidersConfig;
import software.amazon.cryptography.materialproviders.model.OpaqueError;

/**
 * What the AWS Encryption SDK tests share: the multi-Region-aware keyrings AWS recommends for multi-Region
 * keys, built by the AWS Cryptographic Material Providers Library, with KMS clients pointed at Meridian
 * that remember every request they send.
 */
final class EncryptionSdkSupport {
    static final String PARTITION = "aws";
    private static final MaterialProviders MATERIAL_PROVIDERS = MaterialProviders.builder()
            .MaterialProvidersConfig(MaterialProvidersConfig.builder().build()).build();

    private EncryptionSdkSupport() {
    }

    /**
     * A keyring in strict mode: {@code generatorArn} generates and wraps data keys on encrypt; on decrypt it
     * unwraps a data key wrapped by that key or by a related multi-Region key of another Region, always by
     * calling KMS in the generator's own Region ({@code AwsKmsMrkMultiKeyring}).
     */
    static IKeyring strictKeyring(IClientSupplier clients, String generatorArn) {
        return MATERIAL_PROVIDERS.CreateAwsKmsMrkMultiKeyring(CreateAwsKmsMrkMultiKeyringInput.builder()
                .generator(generatorArn).clientSupplier(clients).build());
    }

    /**
     * A decrypt-only keyring in discovery mode for {@code region}: a data key wrapped by a multi-Region key is
     * unwrapped by the related key of {@code region}, one wrapped by a single-Region key only if that key is
     * in {@code region}; keys outside {@code account} are never used ({@code AwsKmsMrkDiscoveryMultiKeyring}).
     */
    static IKeyring discoveryKeyring(IClientSupplier clients, String region, String account) {
        return MATERIAL_PROVIDERS.CreateAwsKmsMrkDiscoveryMultiKeyring(CreateAwsKmsMrkDiscoveryMultiKeyringInput
                .builder().regions(List.of(region)).clientSupplier(clients)
                .discoveryFilter(DiscoveryFilter.builder().partition(PARTITION).accountIds(List.of(account)).build())
                .build());
    }

    /**
     * Asserts that a decrypt failed because no keyring found an encrypted data key it may unwrap (a key of
     * another Region that is not a related multi-Region key, or outside the discovery filter).
     */
    static void assertNoKeyMatched(ThrowingCallable decrypt) {
        Throwable error = catchThrowable(decrypt);
        assertThat(error).isInstanceOf(CollectionOfErrors.class)
                .hasMessageStartingWith("No Configured Keyring was able to decrypt the Data Key.");
        assertThat(((CollectionOfErrors) error).list()).singleElement()
                .isInstanceOf(AwsCryptographicMaterialProvidersException.class)
                .extracting(Throwable::getMessage, as(InstanceOfAssertFactories.STRING))
                .startsWith("Unable to decrypt data key: No Encrypted Data Keys found to match.");
    }

    /**
     * The errors at the bottom of what a keyring raised: the members of every {@link CollectionOfErrors}, the
     * object an {@link OpaqueError} wraps, and the causes of each, innermost last.
     */
    static List<Throwable> causes(Throwable error) {
        List<Throwable> found = new ArrayList<>();
        collect(error, found);
        return found;
    }

    private static void collect(Throwable error, List<Throwable> found) {
        if (error == null || found.contains(error)) {
            return;
        }
        found.add(error);
        if (error instanceof CollectionOfErrors collection) {
            collection.list().forEach(member -> collect(member, found));
        }
        if (error instanceof OpaqueError opaque && opaque.obj() instanceof Throwable wrapped) {
            collect(wrapped, found);
        }
        collect(error.getCause(), found);
    }

    /** One request a client sent (or tried to send): its Region and operation. */
    record SentRequest(String region, String operation) {
    }

    /**
     * The KMS clients the keyrings use, one per Region, made as {@link KmsTestSupport#pointedAt} makes them
     * (test credentials, one attempt) and pointed at the endpoint {@code endpointOfRegion} names, normally the
     * server's for every Region. Each request is remembered before it goes on the wire, so a request that
     * finds no listener counts too.
     */
    static final class MeridianClients implements IClientSupplier, AutoCloseable {
        private final Function<String, String> endpointOfRegion;
        private final Map<String, KmsClient> clients = new ConcurrentHashMap<>();
        private final Queue<SentRequest> sent = new ConcurrentLinkedQueue<>();

        MeridianClients(Function<String, String> endpointOfRegion) {
            this.endpointOfRegion = endpointOfRegion;
        }

        MeridianClients(String endpoint) {
            this(region -> endpoint);
        }

        @Override
        public KmsClient GetClient(GetClientInput input) {
            return clients.computeIfAbsent(input.region(), this::newClient);
        }

        private KmsClient newClient(String region) {
            ExecutionInterceptor recorder = new ExecutionInterceptor() {
                @Override
                public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                    sent.add(new SentRequest(attributes.getAttribute(AwsExecutionAttribute.AWS_REGION).id(),
                            attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME)));
                }
            };
            KmsClientBuilder builder = KmsTestSupport.pointedAt(KmsClient.builder(), endpointOfRegion.apply(region), region);
            // Added to the configuration pointedAt made: the Consumer form would start from an empty one.
            return builder.overrideConfiguration(builder.overrideConfiguration().toBuilder()
                    .addExecutionInterceptor(recorder).build()).build();
        }

        /** The operations sent to {@code region} since the last {@link #forget()}, in order. */
        List<String> sentTo(String region) {
            return sent.stream().filter(request -> request.region().equals(region)).map(SentRequest::operation).toList();
        }

        /** Every request sent since the last {@link #forget()}, in order. */
        List<SentRequest> sent() {
            return List.copyOf(sent);
        }

        void forget() {
            sent.clear();
        }

        @Override
        public void close() {
            clients.values().forEach(KmsClient::close);
            clients.clear();
        }
    }
}
