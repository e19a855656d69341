package dev.meridian.testkit;

import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Loads and initializes the AWS SDK's KMS client while the first server of the JVM starts, on a second core:
 * a throwaway client builds, marshals, resolves the endpoint of and signs one request, which an interceptor
 * stops before anything is sent (no connection, no server needed). The test's own first client and request
 * then find the SDK ready: about a tenth of a second off the first answer in a fresh JVM on 2 cores
 * (scripts/embedded-start-time.sh; README, "Start time"). Once per JVM, on a daemon thread; any failure
 * only means no warm-up.
 */
final class SdkWarmUp {
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private SdkWarmUp() {
    }

    /** Starts the warm-up unless it ran in this JVM already. Never blocks, never throws. */
    static void startOnce() {
        if (!STARTED.compareAndSet(false, true)) {
            return;
        }
        Thread thread = new Thread(SdkWarmUp::warmUp, "meridian-sdk-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    private static void warmUp() {
        try (KmsClient client = MeridianClients.pointedAt(KmsClient.builder(), "http://127.0.0.1:1", "us-east-1")
                .overrideConfiguration(configuration -> configuration.addExecutionInterceptor(new StopBeforeSending()))
                .build()) {
            client.generateRandom(request -> request.numberOfBytes(16));
        } catch (RuntimeException expected) {
            // StopBeforeSending's, or anything else: the warm-up is an optimization only.
        }
    }

    /** Stops every request once it is signed and ready to go. */
    private static final class StopBeforeSending implements ExecutionInterceptor {
        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            throw new IllegalStateException("The SDK warm-up sends nothing");
        }
    }
}
