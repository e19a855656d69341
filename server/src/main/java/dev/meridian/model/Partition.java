package dev.meridian.model;

/** The AWS partition a Region belongs to; ARNs name it. */
public enum Partition {
    AWS("aws"),
    AWS_CN("aws-cn"),
    AWS_US_GOV("aws-us-gov");

    private final String arnName;

    Partition(String arnName) {
        this.arnName = arnName;
    }

    /** The partition as it appears in an ARN: {@code aws}, {@code aws-cn}, {@code aws-us-gov}. */
    public String arnName() {
        return arnName;
    }

    public static Partition ofRegion(String region) {
        if (region.startsWith("cn-")) {
            return AWS_CN;
        }
        if (region.startsWith("us-gov-")) {
            return AWS_US_GOV;
        }
        return AWS;
    }
}
