package dev.lunora.infra;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.constructs.Construct;

/**
 * Lunora's four tables under the seed system's names and key schemas (as local mode creates them). On-demand:
 * a control plane writes a handful of items per show, so there is nothing to provision and nothing to pay while idle.
 * Destinations, presets and sessions are the producer's data and survive {@code cdk destroy}; the channels table
 * only holds the reconcile lock and request generation, which the next reconcile rebuilds.
 */
public final class DataTables extends Construct {

    public static final String DESTINATIONS = "lunora-destinations";
    public static final String PRESETS = "lunora-presets";
    public static final String CHANNELS = "lunora-channels";
    public static final String SESSIONS = "lunora-sessions";

    private final ITable destinations;
    private final ITable presets;
    private final ITable channels;
    private final ITable sessions;

    public DataTables(Construct scope, String id, boolean existing) {
        super(scope, id);
        destinations = table("Destinations", DESTINATIONS, "destination_id", null, RemovalPolicy.RETAIN, existing);
        presets = table("Presets", PRESETS, "preset_id", null, RemovalPolicy.RETAIN, existing);
        channels = table("Channels", CHANNELS, "channel_id", null, RemovalPolicy.DESTROY, existing);
        sessions = table("Sessions", SESSIONS, "subject", "started_at", RemovalPolicy.RETAIN, existing);
    }

    private ITable table(String id, String name, String partitionKey, String sortKey, RemovalPolicy removal, boolean existing) {
        if (existing) {
            return Table.fromTableName(this, id, name);
        }
        Table.Builder b = Table.Builder.create(this, id)
                .tableName(name)
                .partitionKey(Attribute.builder().name(partitionKey).type(AttributeType.STRING).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder().pointInTimeRecoveryEnabled(true).build())
                .removalPolicy(removal);
        if (sortKey != null) {
            b.sortKey(Attribute.builder().name(sortKey).type(AttributeType.STRING).build());
        }
        return b.build();
    }

    public ITable destinations() {
        return destinations;
    }

    public ITable presets() {
        return presets;
    }

    public ITable channels() {
        return channels;
    }

    public ITable sessions() {
        return sessions;
    }
}
