package dev.meridian.wire;

import java.util.List;

/**
 * The Regions the console draws on its map besides those that hold keys: every Region of the partitions
 * Meridian names in ARNs ({@code aws}, {@code aws-cn}, {@code aws-us-gov}) where AWS offers KMS, as the
 * endpoint list of the AWS SDK for Java 2.57.8 ({@code endpoints.json}) gives them. Meridian accepts any
 * well-formed Region name; a Region missing here still shows once it holds a key.
 */
final class ConsoleRegions {
    static final List<String> KNOWN = List.of(
            "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
            "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
            "ap-southeast-5", "ap-southeast-6", "ap-southeast-7", "ca-central-1", "ca-west-1", "cn-north-1",
            "cn-northwest-1", "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1",
            "eu-west-2", "eu-west-3", "il-central-1", "me-central-1", "me-south-1", "mx-central-1", "sa-east-1",
            "us-east-1", "us-east-2", "us-gov-east-1", "us-gov-west-1", "us-west-1", "us-west-2");

    private ConsoleRegions() {
    }
}
