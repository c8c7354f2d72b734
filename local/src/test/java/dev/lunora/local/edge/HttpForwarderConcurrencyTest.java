package dev.lunora.local.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lunora.local.dynamodb.LocalDynamoDb;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Many handlers call DynamoDB Local through the edge at once (the hostile campaign ran 16 clients). Every call must
 * arrive whole and come back whole; SDK retries are off so a relay fault cannot hide behind a retry.
 */
class HttpForwarderConcurrencyTest {

    private static LocalDynamoDb dynamoDb;
    private static AwsEdge edge;
    private static DynamoDbClient client;

    @BeforeAll
    static void start() throws Exception {
        dynamoDb = LocalDynamoDb.start(null);
        edge = new AwsEdge(0);
        edge.register("dynamodb", new HttpForwarder(dynamoDb.endpoint()));
        client = DynamoDbClient.builder().endpointOverride(edge.endpoint()).region(Region.US_WEST_2)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .overrideConfiguration(c -> c.retryPolicy(RetryPolicy.none()))
                .httpClient(UrlConnectionHttpClient.create()).build();
        client.createTable(r -> r.tableName("edge-load")
                .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        edge.close();
        dynamoDb.close();
    }

    @Test
    void thirtyTwoConcurrentClients_everyPutAndGetSucceeds() throws Exception {
        int clients = 32;
        int callsEach = 40;
        // Bodies of a few KB, as destination items with history are, so a truncated relay shows.
        String payload = "x".repeat(4096);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int clientNo = c;
                Callable<Integer> work = () -> {
                    int ok = 0;
                    for (int i = 0; i < callsEach; i++) {
                        String id = "c" + clientNo + "-" + i;
                        client.putItem(r -> r.tableName("edge-load").item(Map.of("id", AttributeValue.fromS(id), "body", AttributeValue.fromS(payload + id))));
                        Map<String, AttributeValue> read = client.getItem(r -> r.tableName("edge-load").key(Map.of("id", AttributeValue.fromS(id)))
                                .consistentRead(true)).item();
                        assertThat(read.get("body").s()).isEqualTo(payload + id);
                        ok++;
                    }
                    return ok;
                };
                results.add(pool.submit(work));
            }
            int total = 0;
            for (Future<Integer> f : results) {
                total += f.get();
            }
            assertThat(total).isEqualTo(clients * callsEach);
        } finally {
            pool.shutdownNow();
        }
    }
}
