package dev.meridian.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.model.AccountId;
import dev.meridian.model.Region;
import dev.meridian.model.RequestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the console's overview reads: the accounts and Regions that hold keys, with their keys and aliases. */
class InventoryTest {
    private static final AccountId OTHER_ACCOUNT = AccountId.of("444455556666");
    private final CoreFixture core = new CoreFixture();

    @AfterEach
    void close() {
        core.close();
    }

    private static KeyManagementService.RegionInventory inventory(AccountId account, String region, int keys, int aliases) {
        return new KeyManagementService.RegionInventory(account, Region.of(region), keys, aliases);
    }

    @Test
    void anEmptyServiceHasNoInventory() {
        assertThat(core.registry.inventory()).isEmpty();
    }

    @Test
    void keysAndAliasesAreCountedPerAccountAndRegionInThatOrder() {
        Aliases aliases = new Aliases(core.registry, core.clock, new AwsManagedKeys(core.registry, core.clock));
        String primary = core.createPrimary("us-east-1");
        String single = core.createKey("us-east-1");
        core.replicate("us-east-1", primary, "eu-west-1");
        aliases.createAlias(CoreFixture.caller("us-east-1"), "alias/first", single);
        aliases.createAlias(CoreFixture.caller("us-east-1"), "alias/second", single);
        aliases.createAlias(CoreFixture.caller("us-east-1"), "alias/third", primary);
        core.lifecycle.createKey(RequestContext.root(OTHER_ACCOUNT, Region.of("ap-south-1")),
                new CreateKeyRequest(null, null, null, null, null, false, null, false, null));

        assertThat(core.registry.inventory()).containsExactly(
                inventory(CoreFixture.ACCOUNT, "eu-west-1", 1, 0),
                inventory(CoreFixture.ACCOUNT, "us-east-1", 2, 3),
                inventory(OTHER_ACCOUNT, "ap-south-1", 1, 0));
    }

    @Test
    void anAwsManagedKeyCountsAsAKeyWithItsAlias() {
        // DescribeKey of a predefined alias makes its AWS managed key, as in AWS; ListKeys lists it.
        new KeyLifecycle(core.registry, core.clock, 100, new AwsManagedKeys(core.registry, core.clock))
                .describeKey(CoreFixture.caller("eu-central-1"), "alias/aws/s3");

        assertThat(core.registry.inventory()).containsExactly(inventory(CoreFixture.ACCOUNT, "eu-central-1", 1, 1));
    }

    @Test
    void aKeyDeletedForGoodLeavesTheInventory() {
        String keyId = core.createKey("us-west-2");
        core.lifecycle.scheduleKeyDeletion(CoreFixture.caller("us-west-2"), keyId, 7);
        assertThat(core.registry.inventory()).containsExactly(inventory(CoreFixture.ACCOUNT, "us-west-2", 1, 0));

        core.clock.advance(java.time.Duration.ofDays(8));
        core.lifecycle.deleteDueKeys(event -> { }, core.replication);

        assertThat(core.registry.inventory()).isEmpty();
    }
}
