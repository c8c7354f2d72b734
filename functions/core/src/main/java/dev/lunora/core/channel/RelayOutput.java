package dev.lunora.core.channel;

/**
 * The one output a relay-mode channel carries: the program pushed to the relay's ingest. The stream name is a secret
 * (an SSM parameter, read only in the apply step like a stream key), so nobody else can publish to the relay.
 *
 * @param url             the relay's stable ingest address, e.g. {@code rtmp://relay-nlb.example.com:1935/relay}
 * @param secretParameter SSM parameter holding the ingest path's secret
 */
public record RelayOutput(String url, String secretParameter) {

    /** The pseudo destination id of the relay output on the channel ({@code lunora-relay}). */
    public static final String DESTINATION_ID = "relay";

    OutputSpec spec() {
        return new OutputSpec(DESTINATION_ID, url, secretParameter, null);
    }
}
