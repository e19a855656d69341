package dev.meridian.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The Region of an injected {@link software.amazon.awssdk.services.kms.KmsClient}:
 * {@code @MeridianRegion("us-west-2") KmsClient west}. Without it, a client is for the extension's default
 * Region ({@value MeridianExtension#DEFAULT_REGION} unless the builder says otherwise).
 */
@Documented
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
public @interface MeridianRegion {
    /** A Region name, such as {@code eu-west-1}. */
    String value();
}
