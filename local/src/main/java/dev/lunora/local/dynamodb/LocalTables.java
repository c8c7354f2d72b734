package dev.lunora.local.dynamodb;

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

    public static void createMissing(DynamoDbClient dynamoDb, String destinationsTable, String presetsTable) {
        Set<String> existing = Set.copyOf(dynamoDb.listTables().tableNames());
        createIfMissing(dynamoDb, existing, destinationsTable, "destination_id");
        createIfMissing(dynamoDb, existing, presetsTable, "preset_id");
    }

    private static void createIfMissing(DynamoDbClient dynamoDb, Set<String> existing, String table, String hashKey) {
        if (existing.contains(table)) {
            return;
        }
        dynamoDb.createTable(r -> r.tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName(hashKey).attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName(hashKey).keyType(KeyType.HASH).build()));
    }
}
