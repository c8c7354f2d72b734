package dev.lunora.handlers.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lunora.core.channel.ChannelDeliveryService;
import dev.lunora.core.channel.ChannelOverview;
import dev.lunora.core.channel.ChannelRegistry;
import dev.lunora.core.channel.ChannelSummary;
import dev.lunora.core.channel.DeliveryMode;
import dev.lunora.core.destination.Destination;
import dev.lunora.core.destination.DestinationRules;
import dev.lunora.core.destination.DestinationService;
import dev.lunora.core.destination.StreamingStatus;
import dev.lunora.core.destination.ConnectionTestService;
import dev.lunora.core.exceptions.ConflictException;
import dev.lunora.core.exceptions.TooManyRequestsException;
import dev.lunora.core.exceptions.LunoraException;
import dev.lunora.core.exceptions.NotFoundException;
import dev.lunora.core.exceptions.ServiceUnavailableException;
import dev.lunora.core.exceptions.ValidationException;
import dev.lunora.core.exceptions.WorkflowUnavailableException;
import dev.lunora.core.schedule.Schedule;
import dev.lunora.core.schedule.ScheduleService;
import dev.lunora.core.usage.UsageService;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed system's HTTP API over {@link DestinationService}, plus schedules, usage and the channel's delivery mode: routes, the JSON envelope, and the mapping of
 * domain errors to status codes. Transport-neutral, so the Lambda handler and local mode share it.
 */
public final class ApiRouter {

    private static final Logger LOG = LoggerFactory.getLogger(ApiRouter.class);
    /** Well above any real destination (a few hundred bytes), well below Lambda's 6 MB. */
    static final int MAX_BODY_BYTES = 64 * 1024;
    /** A channel and its sub-resource; a new sub-route (issue 18's thumbnail) is one more case in {@link #channelRoute}. */
    private static final Pattern CHANNEL = Pattern.compile("^/api/channels/([^/]+)(/[a-z]+)?/?$");
    private static final Pattern DESTINATION = Pattern.compile("^/api/destinations/([^/]+)(/start|/stop|/test)?/?$");
    private static final Pattern SCHEDULE_NAME = Pattern.compile("^[A-Za-z0-9_.-]{1,64}$");
    private static final Pattern SAFE_ID = Pattern.compile("^[A-Za-z0-9_.:-]{1,128}$");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build());
    }

    private final DestinationService destinations;
    private final ScheduleService schedules;
    private final UsageService usage;
    private final ChannelDeliveryService channels;
    private final String defaultChannelId;
    private final Clock clock;
    private final AllowedOrigins allowedOrigins;
    private final ConnectionTestService connectionTests;
    private final ChannelRegistry registry;

    /** @param channels the channel's overview (MediaLive state, the reconcile in flight, the delivery mode) and its mode switch */
    public ApiRouter(DestinationService destinations, ScheduleService schedules, UsageService usage,
                     ChannelDeliveryService channels, String defaultChannelId, Clock clock, AllowedOrigins allowedOrigins) {
        this(destinations, schedules, usage, channels, defaultChannelId, clock, allowedOrigins, null);
    }

    /** @param connectionTests the destination Test (null: the route answers that it is not available) */
    public ApiRouter(DestinationService destinations, ScheduleService schedules, UsageService usage,
                     ChannelDeliveryService channels, String defaultChannelId, Clock clock, AllowedOrigins allowedOrigins,
                     ConnectionTestService connectionTests) {
        this(destinations, schedules, usage, channels, defaultChannelId, clock, allowedOrigins, connectionTests, null);
    }

    /** @param registry the account's channels behind /api/channels (null: those routes answer that they are not available) */
    public ApiRouter(DestinationService destinations, ScheduleService schedules, UsageService usage,
                     ChannelDeliveryService channels, String defaultChannelId, Clock clock, AllowedOrigins allowedOrigins,
                     ConnectionTestService connectionTests, ChannelRegistry registry) {
        this.registry = registry;
        this.connectionTests = connectionTests;
        this.destinations = destinations;
        this.schedules = schedules;
        this.usage = usage;
        this.channels = channels;
        this.defaultChannelId = defaultChannelId;
        this.clock = clock;
        this.allowedOrigins = allowedOrigins;
    }

    /**
     * One request: method and raw path as received, headers with lower-case names, the body as the bytes received or
     * null. Bytes, not text, so the router alone decides how a body is decoded (strictly, see {@link Utf8Body}).
     */
    public record Request(String method, String rawPath, Map<String, String> query, Map<String, String> headers, byte[] body) {
    }

    /** What a route's JSON body may hold: fields it reads, and fields the page echoes from a GET that it ignores. */
    record BodyFields(String describedAs, List<String> writable, Set<String> echoedAndIgnored) {
        static BodyFields of(String describedAs, String... writable) {
            return new BodyFields(describedAs, List.of(writable), Set.of());
        }
    }

    private static final BodyFields SCHEDULE_FIELDS = BodyFields.of("A schedule", "destination_id", "action", "expression", "time_zone");
    private static final BodyFields CHANNEL_FIELDS = BodyFields.of("The channel", "delivery");
    private static final BodyFields CHANNELS_FIELDS = BodyFields.of("A channel", "managed", "delivery", "display_name");
    private static final Set<String> STATE_CHANGING = Set.of("POST", "PUT", "DELETE", "PATCH");

    /**
     * One request, with CORS for the allowed origins only (the seed system's page calls from another origin): a preflight
     * is answered 204 with the methods and headers the API takes; every answer to an allowed origin names it in
     * {@code Access-Control-Allow-Origin}, never {@code *}; a disallowed origin gets no CORS header at all.
     */
    public ApiResponse handle(Request request) {
        String origin = request.headers().get("origin");
        boolean corsOrigin = origin != null && allowedOrigins.allows(origin);
        if (request.method().equalsIgnoreCase("OPTIONS")) {
            ApiResponse preflight = new ApiResponse(204, null, java.util.Map.of());
            return corsOrigin ? withCors(preflight, origin).withHeader("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, OPTIONS")
                    .withHeader("Access-Control-Allow-Headers", "Content-Type, Authorization").withHeader("Access-Control-Max-Age", "600")
                    : preflight;
        }
        ApiResponse response = handleRequest(request);
        return corsOrigin ? withCors(response, origin) : response;
    }

    private static ApiResponse withCors(ApiResponse response, String origin) {
        return response.withHeader("Access-Control-Allow-Origin", origin).withHeader("Vary", "Origin");
    }

    private ApiResponse handleRequest(Request request) {
        String method = request.method().toUpperCase(Locale.ROOT);
        String path = request.rawPath();
        try {
            if (STATE_CHANGING.contains(method)) {
                refuseCrossSite(request);
                if (request.body() != null && request.body().length > 0) {
                    requireJsonContentType(request);
                }
            }
            return route(method, path, request);
        } catch (ApiException e) {
            return e.response();
        } catch (ValidationException e) {
            return ApiResponse.error(400, e.code(), e.getMessage(), e.field());
        } catch (NotFoundException e) {
            return ApiResponse.error(404, "not_found", e.getMessage(), null);
        } catch (ConflictException e) {
            return ApiResponse.error(409, e.reason().code(), e.getMessage(), null);
        } catch (TooManyRequestsException e) {
            return ApiResponse.error(429, "rate_limited", e.getMessage(), null).withHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
        } catch (WorkflowUnavailableException e) {
            return ApiResponse.error(503, "workflow_not_configured", e.getMessage(), null);
        } catch (ServiceUnavailableException e) {
            LOG.atWarn().addKeyValue("method", method).addKeyValue("path", path).addKeyValue("error", e.getMessage()).log("backing service failed");
            return ApiResponse.error(503, "service_unavailable", e.getMessage(), null);
        } catch (LunoraException e) {
            LOG.atError().addKeyValue("method", method).addKeyValue("path", path).addKeyValue("type", e.getClass().getName()).log("unmapped domain error");
            return ApiResponse.error(500, "internal_error", "Something went wrong on our side. Try again; if it keeps happening, check the logs.", null);
        }
    }

    private ApiResponse route(String method, String path, Request request) {
        switch (path) {
            case "/api/health", "/api/health/" -> {
                allow(method, "GET");
                // The seed page waits for "healthy" here; Lunora's own page reads the other members.
                ApiResponse ok = ApiResponse.success(200, "service", "lunora", "time", clock.instant().toString(), "api", "success");
                ok.body().put("status", "healthy");
                return ok;
            }
            case "/api/medialive/status", "/api/medialive/status/" -> {
                allow(method, "GET");
                return mediaLiveStatus();
            }
            case "/api/presets", "/api/presets/" -> {
                allow(method, "GET");
                return ApiResponse.success(200, "presets", destinations.presets().stream().map(DestinationJson::preset).toList());
            }
            case "/api/channel", "/api/channel/" -> {
                allow(method, "GET", "PUT");
                if (method.equals("PUT")) {
                    channels.switchTo(defaultChannelId, deliveryMode(jsonBody(request, CHANNEL_FIELDS)));
                }
                return ApiResponse.success(200, "channel", channelJson(channels.overview(defaultChannelId)));
            }
            case "/api/streaming/status", "/api/streaming/status/" -> {
                allow(method, "GET");
                return streamingStatus();
            }
            case "/api/destinations", "/api/destinations/" -> {
                allow(method, "GET", "POST");
                if (method.equals("GET")) {
                    List<Map<String, Object>> all = destinations.list().stream().map(DestinationJson::destination).toList();
                    return ApiResponse.success(200, "destinations", all, "count", all.size());
                }
                Destination created = destinations.create(DestinationJson.changes(jsonBody(request, DestinationJson.FIELDS)));
                return ApiResponse.success(201, "destination", DestinationJson.destination(created),
                        "message", "Destination created");
            }
            case "/api/schedules", "/api/schedules/" -> {
                allow(method, "GET", "POST", "DELETE");
                return switch (method) {
                    case "GET" -> {
                        List<Map<String, Object>> all = schedules.list(blankToNull(request.query().get("destination_id"))).stream()
                                .map(this::scheduleJson).toList();
                        yield ApiResponse.success(200, "schedules", all, "count", all.size());
                    }
                    case "POST" -> {
                        JsonNode body = jsonBody(request, SCHEDULE_FIELDS);
                        Schedule created = schedules.create(new ScheduleService.Request(text(body, "destination_id"), text(body, "action"),
                                text(body, "expression"), text(body, "time_zone")));
                        yield ApiResponse.success(201, "schedule", scheduleJson(created), "message", "Schedule created");
                    }
                    default -> deleteSchedule(request.query().get("name"));
                };
            }
            case "/api/usage", "/api/usage/" -> {
                allow(method, "GET");
                return ApiResponse.success(200, "usage", UsageJson.report(usage.report(request.query().get("from"), request.query().get("to"),
                        request.query().get("channel_id"))));
            }
            case "/api/channels", "/api/channels/" -> {
                allow(method, "GET");
                List<Map<String, Object>> all = registry().list().stream().map(ApiRouter::channelJson).toList();
                return ApiResponse.success(200, "channels", all, "count", all.size());
            }
            default -> {
                if (path.startsWith("/api/channels/")) {
                    return channelRoute(method, path, request);
                }
                if (path.startsWith("/api/schedules/")) {
                    allow(method, "DELETE");
                    return deleteSchedule(pathSegment(path.substring("/api/schedules/".length()).replaceAll("/$", ""), "name"));
                }
                return destinationRoute(method, path, request);
            }
        }
    }

    private ApiResponse channelRoute(String method, String path, Request request) {
        Matcher m = CHANNEL.matcher(path);
        if (!m.matches()) {
            throw new ApiException(404, "not_found", "No API route " + DestinationRules.printable(path) + ". See the README for the routes.", null);
        }
        String id = pathSegment(m.group(1), "channel_id");
        String sub = m.group(2) == null ? "" : m.group(2);
        return switch (sub) {
            case "" -> {
                allow(method, "GET", "PUT");
                if (method.equals("GET")) {
                    yield ApiResponse.success(200, "channel", channelJson(registry().get(id)));
                }
                yield ApiResponse.success(200, "channel", channelJson(registry().update(id, channelUpdate(jsonBody(request, CHANNELS_FIELDS)))));
            }
            case "/thumbnail" -> {
                allow(method, "GET");
                yield channelThumbnail(id);
            }
            default -> throw new ApiException(404, "not_found", "No API route " + DestinationRules.printable(path)
                    + ". See the README for the routes.", null);
        };
    }

    private ChannelRegistry registry() {
        if (registry == null) {
            throw new ApiException(503, "not_available", "The channel list is not available in this deployment.", null);
        }
        return registry;
    }

    /** The contract's Channel JSON (issue 18). */
    private static Map<String, Object> channelJson(ChannelRegistry.Channel c) {
        ChannelSummary s = c.summary();
        ChannelOverview o = c.overview();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("channel_id", s.channelId());
        m.put("name", s.name());
        m.put("display_name", c.displayName());
        m.put("primary", c.primary());
        m.put("managed", c.managed());
        m.put("state", o.state().name());
        m.put("channel_class", s.channelClass());
        m.put("input", s.input().map(i -> {
            Map<String, Object> in = new LinkedHashMap<>();
            in.put("id", i.inputId());
            in.put("type", i.type());
            in.put("endpoints", i.endpoints());
            return (Object) in;
        }).orElse(null));
        m.put("delivery", o.delivery().id());
        m.put("relay_available", o.relayAvailable());
        m.put("rtmp_outputs", o.rtmpOutputs());
        m.put("reconcile_in_flight", o.inFlight());
        m.put("execution", o.execution());
        m.put("step", o.step());
        m.put("step_detail", o.stepDetail());
        m.put("running_since", c.runningSince() == null ? null : c.runningSince().toString());
        m.put("hourly_rate_usd", c.hourlyRateUsd());
        m.put("running_cost_usd", Math.round(c.runningCostUsd() * 100) / 100.0);
        m.put("signal", signalJson(o));
        m.put("thumbnails", o.thumbnails());
        return m;
    }

    /** The body of PUT /api/channels/{id}: any of managed (boolean), delivery ("direct"|"relay"), display_name (string). */
    private static ChannelRegistry.Update channelUpdate(JsonNode body) {
        Boolean managed = null;
        JsonNode v = body.get("managed");
        if (v != null && !v.isNull()) {
            if (!v.isBoolean()) {
                throw new ApiException(400, "validation_error", "'managed' must be true or false.", "managed");
            }
            managed = v.booleanValue();
        }
        DeliveryMode delivery = body.hasNonNull("delivery") ? deliveryMode(body) : null;
        String displayName = text(body, "display_name");
        if (managed == null && delivery == null && displayName == null) {
            throw new ApiException(400, "validation_error", "Send any of 'managed' (true or false), 'delivery' (\"direct\" or"
                    + " \"relay\") and 'display_name'.", "managed");
        }
        return new ChannelRegistry.Update(managed, delivery, displayName);
    }

    private ApiResponse destinationRoute(String method, String path, Request request) {
        Matcher m = DESTINATION.matcher(path);
        if (!m.matches()) {
            throw new ApiException(404, "not_found", "No API route " + DestinationRules.printable(path)
                    + ". See the README for the routes.", null);
        }
        String id = pathSegment(m.group(1).replace("+", "%2B"), "destination_id");
        if (!SAFE_ID.matcher(id).matches()) {
            throw new ApiException(404, "not_found", "No destination with id '" + DestinationRules.printable(id) + "'.", null);
        }
        String action = m.group(2);
        if ("/test".equals(action)) {
            allow(method, "POST");
            return connectionTest(id);
        }
        if (action != null) {
            allow(method, "POST");
            Destination d = action.equals("/start") ? destinations.start(id) : destinations.stop(id);
            String verb = action.equals("/start") ? "Start" : "Stop";
            return ApiResponse.success(202, "destination", DestinationJson.destination(d),
                    "message", verb + " requested for '" + d.name() + "'");
        }
        allow(method, "GET", "PUT", "DELETE");
        return switch (method) {
            case "GET" -> ApiResponse.success(200, "destination", DestinationJson.destination(destinations.get(id)));
            case "PUT" -> ApiResponse.success(200, "destination",
                    DestinationJson.destination(destinations.update(id, DestinationJson.changes(jsonBody(request, DestinationJson.FIELDS)))),
                    "message", "Destination updated");
            default -> {
                destinations.delete(id, versionParam(request.query()));
                int schedulesDeleted = schedules.deleteAllOf(id);
                yield ApiResponse.success(200, "message", "Destination deleted", "destination_id", id, "schedules_deleted", schedulesDeleted);
            }
        };
    }

    /**
     * {@code GET /api/channels/{id}/thumbnail}: the latest program thumbnail as {@code image/jpeg}, never cached (it is
     * the picture of now); 404 {@code no_thumbnail} with the reason when there is none (idle, none yet).
     */
    private ApiResponse channelThumbnail(String channelId) {
        if (!SAFE_ID.matcher(channelId).matches()) {
            throw new ApiException(404, "not_found", "No channel with id '" + DestinationRules.printable(channelId) + "'.", null);
        }
        if (registry != null && !registry.isManaged(channelId)) {
            registry.get(channelId); // a channel the account does not have is 404 not_found, as on the channel's own route
            return ApiResponse.error(404, "no_thumbnail", "Lunora does not manage channel " + channelId
                    + ": it shows pictures of the channels it manages only. Manage it first (PUT /api/channels/" + channelId + ").", null);
        }
        ChannelDeliveryService.Picture picture = channels.picture(channelId);
        if (picture instanceof ChannelDeliveryService.Picture.Found found) {
            return ApiResponse.binary(200, "image/jpeg", found.thumbnail().jpeg())
                    .withHeader("Cache-Control", "no-store")
                    .withHeader("X-Thumbnail-Taken-At", found.thumbnail().takenAt().toString());
        }
        return ApiResponse.error(404, "no_thumbnail", ((ChannelDeliveryService.Picture.Missing) picture).reason(), null);
    }

    /** The seed page's Test button reads {@code latency} (ms) and {@code connectivity}. */
    private ApiResponse connectionTest(String id) {
        if (connectionTests == null) {
            throw new ApiException(503, "not_available", "The connection test is not available in this deployment.", null);
        }
        dev.lunora.core.ports.ConnectionProbe.Result r = connectionTests.test(id);
        return ApiResponse.success(200, "destination_id", id, "connectivity", r.connectivity(), "latency", r.latencyMs(),
                "reachable", r.reachable(), "message", r.message());
    }

    /** The seed page polls this every 5 s and reads channel.state and channel.active_destinations_count. */
    private ApiResponse mediaLiveStatus() {
        ChannelOverview overview = channels.overview(defaultChannelId);
        long active = destinations.list().stream()
                .filter(d -> defaultChannelId.equals(d.channelId() == null ? defaultChannelId : d.channelId()))
                .filter(d -> d.streamingStatus() == StreamingStatus.STREAMING).count();
        Map<String, Object> channel = channelJson(overview);
        channel.put("active_destinations_count", active);
        return ApiResponse.success(200, "channel", channel);
    }

    private ApiResponse deleteSchedule(String name) {
        if (name == null || !SCHEDULE_NAME.matcher(name).matches()) {
            throw new ApiException(400, "validation_error", "Name the schedule to delete: DELETE /api/schedules/{name} with a name from GET /api/schedules.", "name");
        }
        schedules.delete(name);
        return ApiResponse.success(200, "message", "Schedule deleted", "name", name);
    }

    private Map<String, Object> scheduleJson(Schedule s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("destination_id", s.destinationId());
        m.put("action", s.action().id());
        m.put("expression", s.expression());
        m.put("time_zone", s.timeZone());
        m.put("description", s.description());
        m.put("next_run", schedules.nextRun(s).map(Object::toString).orElse(null));
        return m;
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new ApiException(400, "validation_error", "'" + field + "' must be a string.", field);
        }
        return v.asText();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private ApiResponse streamingStatus() {
        List<Destination> all = destinations.list();
        List<Map<String, Object>> rows = all.stream().map(d -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("destination_id", d.destinationId());
            row.put("name", d.name());
            row.put("platform", d.platform().id());
            row.put("streaming_status", d.streamingStatus().id());
            row.put("desired_state", d.desiredState().id());
            row.put("streaming_started_at", d.streamingStartedAt() == null ? null : d.streamingStartedAt().toString());
            row.put("health", d.health());
            row.put("health_message", d.healthMessage());
            row.put("last_error", d.lastError());
            row.put("channel_id", d.channelId());
            return row;
        }).toList();
        Map<String, Map<String, Object>> channels = new LinkedHashMap<>();
        // The seed page counts every listed channel as an active stream: list only the channel that runs.
        boolean running = this.channels.overview(defaultChannelId).state().isOn();
        for (Destination d : all) {
            if (d.channelId() == null || !running || !d.channelId().equals(defaultChannelId)) {
                continue;
            }
            Map<String, Object> c = channels.computeIfAbsent(d.channelId(), id -> {
                Map<String, Object> fresh = new LinkedHashMap<>();
                fresh.put("channel_id", id);
                fresh.put("destinations_streaming", 0);
                return fresh;
            });
            if (d.streamingStatus() == StreamingStatus.STREAMING) {
                c.put("destinations_streaming", (int) c.get("destinations_streaming") + 1);
            }
        }
        Map<String, Object> streaming = new LinkedHashMap<>();
        streaming.put("active", all.stream().anyMatch(d -> d.streamingStatus() == StreamingStatus.STREAMING));
        streaming.put("channels", List.copyOf(channels.values()));
        streaming.put("destinations", rows);
        return ApiResponse.success(200, "streaming", streaming);
    }

    private static Map<String, Object> channelJson(ChannelOverview c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("channel_id", c.channelId());
        m.put("state", c.state().name());
        m.put("rtmp_outputs", c.rtmpOutputs());
        m.put("reconcile_in_flight", c.inFlight());
        m.put("execution", c.execution());
        m.put("step", c.step());
        m.put("step_detail", c.stepDetail());
        m.put("step_started_at", c.stepAt() == null ? null : c.stepAt().toString());
        m.put("delivery", c.delivery().id());
        m.put("relay_available", c.relayAvailable());
        m.put("signal", signalJson(c));
        m.put("thumbnails", c.thumbnails());
        return m;
    }

    private static Map<String, Object> signalJson(ChannelOverview c) {
        Map<String, Object> signal = new LinkedHashMap<>();
        signal.put("state", c.signal().state().id());
        signal.put("since", c.signal().since() == null ? null : c.signal().since().toString());
        signal.put("message", c.signal().message());
        return signal;
    }

    /** The body of PUT /api/channel: exactly {@code {"delivery": "direct"|"relay"}}. */
    private static DeliveryMode deliveryMode(JsonNode body) {
        JsonNode v = body.get("delivery");
        if (v == null || v.isNull()) {
            throw new ApiException(400, "validation_error", "Send 'delivery': \"direct\" or \"relay\".", "delivery");
        }
        if (!v.isTextual()) {
            throw new ApiException(400, "validation_error", "'delivery' must be a string: \"direct\" or \"relay\".", "delivery");
        }
        return DeliveryMode.fromId(v.textValue()).orElseThrow(() -> new ApiException(400, "validation_error", "'delivery' must be \"direct\" or \"relay\", not '"
                + DestinationRules.printable(v.textValue()) + "'.", "delivery"));
    }

    private static void allow(String method, String... allowed) {
        for (String a : allowed) {
            if (a.equals(method)) {
                return;
            }
        }
        String list = String.join(", ", allowed);
        throw new ApiException(ApiResponse.error(405, "method_not_allowed",
                "Method " + DestinationRules.printable(method) + " is not allowed here. Allowed: " + list + ".", null)
                .withHeader("Allow", list));
    }

    /**
     * Refuses a state-changing request a page on another site made (issue 16): a browser sends {@code Origin} on every
     * such request, including a {@code no-cors} fetch and a bodiless POST, so an Origin that is not allowed is refused; so
     * is {@code Sec-Fetch-Site: cross-site}, which also guards a world whose allowed origins are not configured.
     * Requests without either header (curl, the SDK, tests) are not a browser acting for another site and pass.
     */
    private void refuseCrossSite(Request request) {
        String origin = request.headers().get("origin");
        boolean crossSiteFetch = "cross-site".equalsIgnoreCase(request.headers().get("sec-fetch-site"));
        if (allowedOrigins.allows(origin)) {
            return; // an allowed page on another site (the seed's page, through CORS later) is cross-site by design
        }
        if (origin != null && allowedOrigins.configured()) {
            throw crossSite("Requests from the page at " + DestinationRules.printable(origin) + " may not change anything here."
                    + " The origins allowed to are set by " + AllowedOrigins.SETTING + ".");
        }
        if (crossSiteFetch) {
            throw crossSite("A page on another site may not change anything here (Sec-Fetch-Site: cross-site)."
                    + " The origins allowed to are set by " + AllowedOrigins.SETTING + ".");
        }
    }

    private static ApiException crossSite(String message) {
        return new ApiException(403, "cross_site_request", message, null);
    }

    /** Decodes one percent-encoded path segment; a malformed escape is the client's mistake, answered in the envelope. */
    private static String pathSegment(String raw, String field) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformedEscape) {
            throw new ApiException(400, "bad_path", "The path holds a malformed percent-escape ('%' must be followed by two hex digits)."
                    + " Encode the " + field + " with encodeURIComponent.", field);
        }
    }

    /**
     * The body as a JSON object holding only {@code fields}: one place for every route that takes a body, so each refuses
     * a wrong content type, bad UTF-8 and unknown fields the same way.
     */
    private static JsonNode jsonBody(Request request, BodyFields fields) {
        byte[] bytes = request.body();
        if (bytes == null || bytes.length == 0) {
            throw new ApiException(400, "bad_json", "The request body is empty; send a JSON object.", null);
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw new ApiException(413, "payload_too_large", "The request body is larger than " + (MAX_BODY_BYTES / 1024)
                    + " KiB; a destination needs far less.", null);
        }
        String body = Utf8Body.decode(bytes);
        if (body.isBlank()) {
            throw new ApiException(400, "bad_json", "The request body is empty; send a JSON object.", null);
        }
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            // Location only: Jackson's message quotes the input, which may hold a stream key. A broken limit (nesting
            // deeper than 32) has no location; dereferencing it threw past every catch and dropped the connection.
            var at = e.getLocation();
            throw new ApiException(400, "bad_json", at == null
                    ? "The body is not valid JSON, or nests deeper than a destination ever needs."
                    : "The body is not valid JSON (line " + at.getLineNr() + ", column " + at.getColumnNr() + ").", null);
        }
        if (node == null || !node.isObject()) {
            throw new ApiException(400, "bad_json", "The body must be a JSON object, like {\"name\": \"YouTube\", \"platform\": \"youtube\"}.", null);
        }
        refuseUnknownFields(node, fields);
        return node;
    }

    /**
     * A state-changing request's body needs {@code Content-Type: application/json}: a form, text/plain or type-less Blob
     * body is what a cross-site form or {@code no-cors} fetch can send without asking the server first.
     */
    private static void requireJsonContentType(Request request) {
        String contentType = request.headers().getOrDefault("content-type", "");
        String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json")) {
            throw new ApiException(415, "unsupported_media_type", "Send the body as JSON with Content-Type: application/json ("
                    + (contentType.isBlank() ? "the request had no Content-Type" : "got " + DestinationRules.printable(contentType)) + ").", null);
        }
    }

    private static void refuseUnknownFields(JsonNode body, BodyFields fields) {
        var names = body.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!fields.writable().contains(name) && !fields.echoedAndIgnored().contains(name)) {
                throw new ApiException(400, "validation_error", "Unknown field '" + DestinationRules.printable(name) + "'. "
                        + fields.describedAs() + " takes only: " + String.join(", ", fields.writable()) + ".", DestinationRules.printable(name));
            }
        }
    }

    private static Long versionParam(Map<String, String> query) {
        String raw = query.get("version");
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new ApiException(400, "validation_error", "Query parameter 'version' must be a whole number.", "version");
        }
    }
}
