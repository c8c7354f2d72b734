package dev.lunora.handlers.wiring;

import dev.lunora.aws.medialive.UnmodeledChannelMembers;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.medialive.MediaLiveClient;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/** Builds SDK clients from {@link LunoraConfig}: explicit region, url-connection HTTP, endpoint overrides. */
public final class AwsClients {

    private final LunoraConfig config;
    private final AwsCredentialsProvider credentials;

    public AwsClients(LunoraConfig config) {
        this.config = config;
        this.credentials = credentialsFrom(config);
    }

    public DynamoDbClient dynamoDb() {
        return configure(DynamoDbClient.builder(), "DynamoDB").build();
    }

    public SsmClient ssm() {
        return configure(SsmClient.builder(), "SSM").build();
    }

    public MediaLiveClient mediaLive() {
        return UnmodeledChannelMembers.registerOn(configure(MediaLiveClient.builder(), "MediaLive")).build();
    }

    public SfnClient sfn() {
        return configure(SfnClient.builder(), "SFN").build();
    }

    public EcsClient ecs() {
        return configure(EcsClient.builder(), "ECS").build();
    }

    public SchedulerClient scheduler() {
        return configure(SchedulerClient.builder(), "Scheduler").build();
    }

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder, String serviceId) {
        builder.region(Region.of(config.region())).credentialsProvider(credentials);
        config.endpoint(serviceId).ifPresent(builder::endpointOverride);
        if (builder instanceof software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<?, ?> sync) {
            sync.httpClientBuilder(UrlConnectionHttpClient.builder());
        }
        return builder;
    }

    /**
     * Keys from the given environment when present (Lambda sets them, local mode passes dummies), else the
     * default chain. Reading the map rather than the process environment keeps local mode in-process.
     */
    private static AwsCredentialsProvider credentialsFrom(LunoraConfig config) {
        var id = config.get("AWS_ACCESS_KEY_ID");
        var secret = config.get("AWS_SECRET_ACCESS_KEY");
        if (id.isEmpty() || secret.isEmpty()) {
            return DefaultCredentialsProvider.builder().build();
        }
        var token = config.get("AWS_SESSION_TOKEN");
        return StaticCredentialsProvider.create(token.isPresent()
                ? AwsSessionCredentials.create(id.get(), secret.get(), token.get())
                : AwsBasicCredentials.create(id.get(), secret.get()));
    }
}
