package dev.meridian.crypto.attestation;

/**
 * An attestation document that cannot be trusted: malformed, not of the Nitro Enclaves form, badly signed,
 * or not certified by the trusted root at the time of the check. The message says which, as a clause about
 * the document ("its signature does not verify") for a caller to put in a sentence; it never holds the
 * document's bytes or any secret.
 */
public final class InvalidAttestationDocumentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidAttestationDocumentException(String reason) {
        super(reason, null, false, false);
    }
}
