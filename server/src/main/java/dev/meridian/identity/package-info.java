/**
 * Who may sign requests in strict mode: the identity file ({@code --identities}: accounts, their root access
 * keys, users and roles with their policies), the credentials of each access key for SigV4 verification, and
 * the temporary credentials of STS sessions. Read by the wire (authentication, STS) and the app (wiring); the
 * core sees only {@link dev.meridian.model.Principal} and {@link dev.meridian.policy.IdentityPolicies}.
 */
package dev.meridian.identity;
