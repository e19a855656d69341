package dev.meridian.model;

import java.util.Map;
import java.util.TreeMap;

/**
 * The measurements of the AWS Nitro enclave a request's {@code Recipient} attested (a verified attestation
 * document), as the condition keys {@code kms:RecipientAttestation:ImageSha384} (PCR0) and
 * {@code kms:RecipientAttestation:PCR<n>} show them: each platform configuration register by its index, in lower-case
 * hex. Immutable.
 *
 * @param pcrs the registers by index, lower-case hex
 */
public record RecipientAttestation(Map<Integer, String> pcrs) {
    public RecipientAttestation {
        pcrs = Map.copyOf(new TreeMap<>(pcrs));
    }

    /** The enclave image's digest: PCR0, as AWS's {@code ImageSha384}; null when the document has none. */
    public String imageSha384() {
        return pcrs.get(0);
    }
}
