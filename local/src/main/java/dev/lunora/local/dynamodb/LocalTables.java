package dev.lunora.local.dynamodb;

import dev.lunora.handlers.wiring.LunoraConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** Creates Lunora's tables when missing, with the same keys the CDK stack declares. */
public final class LocalTables {

    private LocalTables() {
    }

    public static void createMissing(DynamoDbClient dynamoDb, LunoraConfig config) {
        Set<String> existing = Set.copyOf(dynamoDb.listTables().tableNames());
        createIfMissing(dynamoDb, existing, config.destinationsTable(), "destination_id", null);
        createIfMissing(dynamoDb, existing, config.presetsTable(), "preset_id", null);
        createIfMissing(dynamoDb, existing, config.channelsTable(), "channel_id", null);
        createIfMissing(dynamoDb, existing, config.sessionsTable(), "subject", "started_at");
    }

    private static void createIfMissing(DynamoDbClient dynamoDb, Set<String> existing, String table, String hashKey, String rangeKey) {
        if (existing.contains(table)) {
            return;
        }
        List<AttributeDefinition> attributes = new ArrayList<>();
        List<KeySchemaElement> keys = new ArrayList<>();
        attributes.add(AttributeDefinition.builder().attributeName(hashKey).attributeType(ScalarAttributeType.S).build());
        keys.add(KeySchemaElement.builder().attributeName(hashKey).keyType(KeyType.HASH).build());
        if (rangeKey != null) {
            attributes.add(AttributeDefinition.builder().attributeName(rangeKey).attributeType(ScalarAttributeType.S).build());
            keys.add(KeySchemaElement.builder().attributeName(rangeKey).keyType(KeyType.RANGE).build());
        }
        dynamoDb.createTable(r -> r.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST).attributeDefinitions(attributes).keySchema(keys));
    }
}
