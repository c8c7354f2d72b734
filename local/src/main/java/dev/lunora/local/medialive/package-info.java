/**
 * The MediaLive simulator of local mode: AWS Elemental MediaLive's control plane, spoken in its own
 * restJson1 wire format so the unmodified AWS SDK for Java v2 and the AWS CLI work against it.
 *
 * <p>Parts: {@link dev.lunora.local.medialive.MediaLiveSimulator} (the Java API and the standalone
 * {@code main}), {@code ChannelStore} (channels, inputs, the state machine on the shared clock),
 * {@link dev.lunora.local.medialive.ChannelState} (which calls each state admits), {@code ChannelValidator}
 * (the Create/UpdateChannel checks the model cannot express),
 * {@code MediaLiveHttpHandler} (routes, wrapping, typed errors),
 * {@code ModelRules}/{@code ModelValidator} (AWS's MediaLive model from {@code medialive/model-rules.json},
 * written by {@code ModelRulesGenerator} from botocore; every request is checked against it),
 * {@code ChannelShapes} (the response shapes the model gives each operation),
 * {@code AdminEndpoints} (the {@code /_simulator} controls), {@code FaultInjector}, {@code IngestModel} and
 * {@code AlertBook} (RTMP outputs judged while running, 6018 alerts), {@code EventPublisher} (EventBridge-shaped
 * events to {@link dev.lunora.local.medialive.MediaLiveEventSink}s), {@code CallLog}, {@code Paging} and
 * {@code SeedLoader} ({@code medialive/seed.json}).
 *
 * <p>Admin endpoints (JSON in and out, never used by the SDK; {@code /_simulator/medialive/...} works too):
 * <pre>
 * GET    /_simulator/calls                 call log + counters        DELETE /_simulator/calls   reset both
 * GET    /_simulator/counters              calls per operation
 * GET    /_simulator/faults                active faults               DELETE /_simulator/faults  clear all
 * POST   /_simulator/faults/next-calls     {"operation","count","errorType","message"?}
 * POST   /_simulator/faults/throttle       {"rate": 0..1}
 * POST   /_simulator/faults/latency        {"operation"?, "millis"}
 * POST   /_simulator/faults/start-failure  {"channelId","alertType"?,"message"?}
 * POST   /_simulator/faults/stuck-starting {"channelId"}
 * POST   /_simulator/faults/update-failure {"channelId"}  next UpdateChannel leaves UPDATE_FAILED
 * GET    /_simulator/warnings              request members the model lacks   DELETE /_simulator/warnings
 * GET    /_simulator/ingest-rules          rules, stream keys masked
 * POST   /_simulator/ingest-rules          {"match": URL|URL_PREFIX|HOST|STREAM_KEY, "value", "reason"?}
 * DELETE /_simulator/ingest-rules[/{id}]   remove one or all
 * GET    /_simulator/events                recent events               DELETE /_simulator/events
 * </pre>
 */
package dev.lunora.local.medialive;
