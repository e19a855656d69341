package dev.meridian.core;

import dev.meridian.crypto.RootKey;
import dev.meridian.crypto.attestation.AttestationDocumentVerifier;
import dev.meridian.model.KeyRecord;
import dev.meridian.model.Region;
import dev.meridian.model.ReplicationEvent;
import dev.meridian.model.RequestContext;
import dev.meridian.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The domain core of Meridian: every KMS operation, grouped by family, over one {@link KeyRegistry}. Knows
 * nothing of HTTP, JSON or SQL. Call {@link #start()} once before use and {@link #close()} at the end.
 */
public final class KeyManagementService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KeyManagementService.class);
    private final KeyRegistry registry;
    private final KeyLifecycle lifecycle;
    private final Cryptography cryptography;
    private final DataKeyPairs dataKeyPairs;
    private final MacOperations macs;
    private final SigningOperations signing;
    private final KeyAgreementOperations keyAgreement;
    private final Aliases aliases;
    private final Tagging tagging;
    private final KeyPolicyOperations policies;
    private final MultiRegion multiRegion;
    private final Grants grants;
    private final KeyUsageTracker usage;
    private final Rotation rotation;
    private final AwsManagedKeys awsManagedKeys;
    private final KeyImport keyImport;
    private final Seeding seeding;
    private final Replicator replicator;
    private final ReplicationControl replication;
    private final AccessControl accessControl;
    private final DueWorkScheduler scheduler;
    private volatile ServiceEventListener serviceEventListener = ServiceEventListener.NONE;
    private final Clock clock;
    private final boolean developmentMode;
    private final java.util.List<Runnable> resetListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean open;

    public KeyManagementService(Store store, RootKey rootKey, Clock clock, ServiceSettings settings) {
        this.registry = KeyRegistry.load(store, rootKey);
        this.accessControl = new AccessControl(registry, clock, settings.authorization(), settings.identityPolicies());
        registry.useAccessControl(accessControl);
        this.awsManagedKeys = new AwsManagedKeys(registry, clock);
        this.lifecycle = new KeyLifecycle(registry, clock, settings.keyLimitPerRegion(), awsManagedKeys);
        this.usage = new KeyUsageTracker(registry, clock);
        this.cryptography = new Cryptography(registry, usage, awsManagedKeys,
                settings.attestationRoot().map(AttestationDocumentVerifier::new)
                        .orElseGet(AttestationDocumentVerifier::awsNitroEnclaves), clock);
        this.dataKeyPairs = new DataKeyPairs(registry, cryptography, usage, awsManagedKeys);
        this.macs = new MacOperations(registry, usage, awsManagedKeys);
        this.signing = new SigningOperations(registry, usage, awsManagedKeys);
        this.keyAgreement = new KeyAgreementOperations(registry, usage, awsManagedKeys);
        this.aliases = new Aliases(registry, clock, awsManagedKeys);
        this.tagging = new Tagging(registry);
        this.policies = new KeyPolicyOperations(registry);
        this.multiRegion = new MultiRegion(registry, lifecycle, clock, settings.replicationDelay());
        this.grants = new Grants(registry, clock, settings.grantLimitPerKey());
        this.rotation = new Rotation(registry, clock, settings.replicationDelay(), this::publish);
        this.replication = new ReplicationControl(registry);
        this.replicator = new Replicator(registry, clock, this::publish, replication);
        this.keyImport = new KeyImport(registry, clock);
        this.seeding = new Seeding(registry, clock);
        this.scheduler = new DueWorkScheduler(clock, this::runDueWork);
        this.replication.onResume(this::runDueWorkNow);
        this.clock = clock;
        this.developmentMode = settings.developmentMode();
    }

    /** Does what came due while the server was down, and schedules the rest. */
    public void start() {
        registry.onDueTime(scheduler::wakeAt);
        scheduler.runNow();
        wakeForEverythingDue();
        scheduler.repeat(KeyUsageTracker.FLUSH_PERIOD, usage::flush);
        open = true;
    }

    /** Sets a wake-up for every due time the registry holds. */
    private void wakeForEverythingDue() {
        for (ReplicationEvent event : registry.pendingEvents()) {
            scheduler.wakeAt(event.dueAt());
        }
        for (KeyRecord key : registry.keysPendingDeletion()) {
            scheduler.wakeAt(key.deletionDate());
        }
        for (KeyRecord key : registry.keysWithAutomaticRotation()) {
            scheduler.wakeAt(key.nextRotationDate());
        }
        keyImport.materialExpiries().forEach(scheduler::wakeAt);
    }

    private void runDueWork() {
        replicator.applyDueEvents();
        lifecycle.deleteDueKeys(this::publish, replication);
        rotation.rotateDueKeys();
        keyImport.expireDueMaterials(this::publish);
    }

    /**
     * Runs the due work now and waits for it: for a clock that was moved forward (tests, and operators
     * who changed the system time).
     */
    public void runDueWorkNow() throws InterruptedException {
        scheduler.runNow();
        scheduler.awaitIdle();
    }

    /**
     * Whether this service runs in development mode (the default; off in strict mode, and off without strict mode only
     * in tests): the one flag that says whether {@link #reset()} is allowed. What policies and grants enforce is
     * {@link Settings#authorization()}'s.
     */
    public boolean developmentMode() {
        return developmentMode;
    }

    /**
     * Wipes the service's state for tests: every key (customer and AWS managed, with its material, tags,
     * grants and last use), every alias and every pending replication event, in one store transaction, and
     * the timed work set for them; every replication pause ends; then each reset listener runs (the audit
     * trail's, the outages', the seed's, which applies the seed file again). The service keeps
     * running: requests after the reset see no key; a request under way either finishes before the wipe
     * (and its key is wiped too) or runs after it and finds nothing. Development mode only.
     *
     * @throws IllegalStateException outside development mode
     * @throws KmsException when the store cannot commit (nothing changed): {@link ErrorCode#KMS_INTERNAL}, or
     *         {@link ErrorCode#DEPENDENCY_TIMEOUT} when another node's write held the store's write lock too long
     */
    public void reset() {
        if (!developmentMode) {
            throw new IllegalStateException("A reset is only allowed in development mode");
        }
        scheduler.forgetWakeUps(); // first: a wake-up set after this is for a write the reset may keep
        try {
            registry.clear();
        } catch (RuntimeException e) {
            wakeForEverythingDue(); // nothing was wiped: its timed work is due as before
            throw e;
        }
        usage.clear();
        replication.forgetPauses();
        for (Runnable listener : resetListeners) {
            listener.run();
        }
        wakeForEverythingDue(); // what a listener wrote (a seed applied again) may have timed work
    }

    /** Adds what {@link #reset()} also wipes after the keys, such as the audit trail. Set it before {@link #start()}. */
    public void onReset(Runnable listener) {
        resetListeners.add(java.util.Objects.requireNonNull(listener, "listener"));
    }

    /** True from {@link #start()} until {@link #close()}: the store is open and the due work scheduled. */
    public boolean isOpen() {
        return open;
    }

    /**
     * What waits in the replication outbox, read without blocking: the number of pending events, and the
     * replication lag, how long the most overdue of them has been due (zero when none is due yet). A lag
     * that grows means the due work cannot keep up or cannot commit.
     */
    public OutboxStatus outboxStatus() {
        return OutboxStatus.of(registry.pendingEventCount(), registry.earliestPendingDueTime(), clock.instant());
    }

    /** The replication outbox at one moment: its pending events and the age of the most overdue one. */
    public record OutboxStatus(int pendingEvents, Duration lag) {
        /**
         * The status at {@code now} of an outbox of {@code pendingEvents} whose earliest event is due at
         * {@code earliestDue} (null when it is empty).
         */
        static OutboxStatus of(int pendingEvents, Instant earliestDue, Instant now) {
            Duration lag = earliestDue == null || earliestDue.isAfter(now)
                    ? Duration.ZERO : Duration.between(earliestDue, now);
            return new OutboxStatus(pendingEvents, lag);
        }
    }

    /** The customer managed keys of each Region (every account's together), read without blocking. */
    public Map<Region, Integer> keyCountsByRegion() {
        return registry.keyCountsByRegion();
    }

    /**
     * Every account and Region that holds a key, in account then Region order, with how many keys (customer and
     * AWS managed, in any state: what ListKeys lists) and aliases (those that name a key; the predefined AWS
     * aliases whose key does not exist yet are not counted) it holds. Read without blocking.
     */
    public java.util.List<RegionInventory> inventory() {
        return registry.inventory();
    }

    /** What one account holds in one Region: its number of keys and of aliases. */
    public record RegionInventory(dev.meridian.model.AccountId account, Region region, int keys, int aliases) {
        public RegionInventory {
            java.util.Objects.requireNonNull(account, "account");
            java.util.Objects.requireNonNull(region, "region");
        }
    }

    /**
     * Sets who is told of the service's own events (synchronization of multi-Region keys, deletion at the
     * end of a window, automatic rotation). Set it before {@link #start()}.
     */
    public void onServiceEvent(ServiceEventListener listener) {
        this.serviceEventListener = java.util.Objects.requireNonNull(listener, "listener");
    }

    /** Tells the listener of a committed service event; timed work (rotation) calls this after its commit. */
    void publish(ServiceEvent event) {
        serviceEventListener.serviceEventHappened(event);
    }

    /**
     * The ARN of the key that {@code keyId} (key ID, key ARN, alias name or alias ARN) names for the
     * caller, if it exists; empty otherwise. Never throws: the audit trail uses it to name the resource
     * of a request, whatever the request's outcome.
     */
    public Optional<String> keyArn(RequestContext caller, String keyId) {
        try {
            return Optional.of(new KeyResolver(registry).locate(caller, keyId, KeyResolver.AliasNames.ALLOWED)
                    .record().arn());
        } catch (KmsException | IllegalArgumentException | NonBlocking.WriteRequiredException e) {
            // A key this process has not seen, asked on an event loop (the audit trail, after the operation itself
            // looked it up in a shared store on the worker pool): the record names no key rather than block.
            return Optional.empty();
        }
    }

    /**
     * Refuses an action ({@code Encrypt}, {@code ReEncryptFrom}, ...) on the key {@code keyId} names when it is an
     * ARN of another account's key (or alias) that the caller may not use, with the {@code AccessDeniedException}
     * AWS answers then; does nothing for the caller's own keys (see {@link CrossAccountAccess}).
     */
    public void checkAccountAccess(RequestContext caller, String actionName, String keyId) {
        accessControl.checkAccountAccess(caller, actionName, keyId);
    }

    /** The key (as an ARN) and the grant that a grant token names. */
    public record GrantTokenTarget(String keyArn, String grantId) {
    }

    /**
     * What a grant token names, if it is a token this service issued (whether or not its grant still exists);
     * empty otherwise. Never throws: the audit trail uses it for RetireGrant by token.
     */
    public Optional<GrantTokenTarget> grantTokenTarget(String grantToken) {
        try {
            GrantTokens.Target target = GrantTokens.parse(grantToken, registry.rootKey());
            return Optional.of(new GrantTokenTarget(target.key().arn(), target.grantId()));
        } catch (KmsException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Who may do what: the mode of enforcement, and the one place that decides. */
    public AccessControl accessControl() {
        return accessControl;
    }

    public KeyLifecycle lifecycle() {
        return lifecycle;
    }

    public Cryptography cryptography() {
        return cryptography;
    }

    public DataKeyPairs dataKeyPairs() {
        return dataKeyPairs;
    }

    public MacOperations macs() {
        return macs;
    }

    public SigningOperations signing() {
        return signing;
    }

    public KeyAgreementOperations keyAgreement() {
        return keyAgreement;
    }

    public Aliases aliases() {
        return aliases;
    }

    public Tagging tagging() {
        return tagging;
    }

    public KeyPolicyOperations policies() {
        return policies;
    }

    public MultiRegion multiRegion() {
        return multiRegion;
    }

    public Grants grants() {
        return grants;
    }

    /** GetKeyLastUsage, over the last uses the cryptographic operations record. */
    public KeyUsageTracker keyUsage() {
        return usage;
    }

    public Rotation rotation() {
        return rotation;
    }

    /** Pausing and resuming replication into a Region. */
    public ReplicationControl replication() {
        return replication;
    }

    public KeyImport keyImport() {
        return keyImport;
    }

    /** Seeding at start: call it before {@link #start()}, so that seeded due times are scheduled with the rest. */
    public Seeding seeding() {
        return seeding;
    }

    /** The AWS managed keys: the guard that keeps them unchanged. */
    public AwsManagedKeys awsManagedKeys() {
        return awsManagedKeys;
    }

    @Override
    public void close() {
        open = false;
        scheduler.close();
        try {
            usage.flush();
        } catch (RuntimeException e) {
            LOG.error("The last key uses could not be stored at shutdown", e);
        }
    }
}
