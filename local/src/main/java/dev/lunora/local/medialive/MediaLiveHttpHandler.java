package dev.lunora.local.medialive;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.lunora.local.clock.LocalClock;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MediaLive's restJson1 protocol: the {@code /prod/...} routes, the per-operation response wrapping
 * (Create/Update wrap in {@code channel}/{@code input}, Describe/Start/Stop/Delete do not), and errors the
 * SDK maps to its exception classes. Signatures are ignored. Everything under {@code /_simulator} goes to
 * the admin endpoints. Whatever comes before {@code /prod} (an endpoint override's base path) is ignored.
 */
final class MediaLiveHttpHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(MediaLiveHttpHandler.class);
    private static final String ADMIN = "/_simulator";
    private static final String SERVICE_SEGMENT = "/" + MediaLiveSimulator.SERVICE_NAME;

    private record Route(Operation operation, String resourceId) {
    }

    private record Reply(int status, Object body) {
    }

    private final ChannelStore store;
    private final FaultInjector faults;
    private final CallLog calls;
    private final LocalClock clock;
    private final AdminEndpoints admin;
    private final ModelValidator model = ModelValidator.bundled();
    private final Thumbnails thumbnails;

    MediaLiveHttpHandler(ChannelStore store, FaultInjector faults, CallLog calls, LocalClock clock,
            AdminEndpoints admin, Thumbnails thumbnails) {
        this.thumbnails = thumbnails;
        this.store = store;
        this.faults = faults;
        this.calls = calls;
        this.clock = clock;
        this.admin = admin;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            int adminAt = path.indexOf(ADMIN);
            if (adminAt >= 0) {
                String rest = path.substring(adminAt + ADMIN.length());
                // A shared local edge may namespace admin paths by service: /_simulator/medialive/faults.
                if (rest.startsWith(SERVICE_SEGMENT)) {
                    rest = rest.substring(SERVICE_SEGMENT.length());
                }
                admin.handle(exchange, rest);
                return;
            }
            serveApi(exchange, path);
        }
    }

    private void serveApi(HttpExchange exchange, String path) throws IOException {
        String requestId = UUID.randomUUID().toString();
        Map<String, String> headers = Map.of("x-amzn-RequestId", requestId);
        Route route = null;
        String detail = "";
        try {
            route = route(exchange.getRequestMethod(), path);
            Duration latency = faults.latencyFor(route.operation());
            if (!latency.isZero()) {
                clock.sleep(latency);
            }
            faults.errorFor(route.operation()).ifPresent(e -> {
                throw e;
            });
            ObjectNode body = HttpExchanges.readObject(exchange);
            if (route.operation() == Operation.CreateChannel || route.operation() == Operation.UpdateChannel) {
                detail = CallLog.describeDestinations(body);
            }
            Map<String, String> query = HttpExchanges.query(exchange);
            checkAgainstModel(route, body, query);
            Reply reply = dispatch(route, body, query);
            record(route, String.valueOf(reply.status()), detail);
            HttpExchanges.send(exchange, reply.status(), reply.body(), headers);
        } catch (MediaLiveApiException e) {
            record(route, e.type().status() + " " + e.type().code(), detail);
            sendError(exchange, e, headers);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            record(route, "500 InternalServerErrorException", detail);
            sendError(exchange, new MediaLiveApiException(ErrorType.INTERNAL_SERVER_ERROR,
                    "The simulator was interrupted while delaying the call."), headers);
        } catch (RuntimeException e) {
            // The HTTP boundary: an unexpected failure is MediaLive's 500, never a dropped connection.
            LOG.error("MediaLive simulator failed on {} {}", exchange.getRequestMethod(), path, e);
            record(route, "500 InternalServerErrorException", detail);
            sendError(exchange, new MediaLiveApiException(ErrorType.INTERNAL_SERVER_ERROR,
                    "Internal error in the MediaLive simulator: " + e.getClass().getSimpleName()), headers);
        }
    }

    /**
     * AWS's model first (required members, types, enums, ranges of body, path and query members; 422 with an
     * element path per problem, as MediaLive answers a configuration that fails validation), then the store's
     * semantic checks the model cannot express. Unknown members are logged and kept as warnings, not refused:
     * how MediaLive treats them is documented nowhere, so refusing them would be a guess (see ModelValidator).
     */
    private void checkAgainstModel(Route route, ObjectNode body, Map<String, String> query) {
        Map<String, String> parameters = new LinkedHashMap<>(query);
        if (route.resourceId() != null) {
            parameters.put(pathLabel(route.operation()), route.resourceId());
        }
        ModelValidator.Report report = model.checkRequest(route.operation(), body, parameters);
        for (String unknown : report.unknownMembers()) {
            LOG.warn("MediaLive simulator accepted {} with a member the model does not have: {}", route.operation(),
                    unknown);
            calls.warn(new ModelWarning(clock.now(), route.operation(), unknown));
        }
        if (!report.violations().isEmpty()) {
            ValidationError first = report.violations().get(0);
            throw new MediaLiveApiException(ErrorType.UNPROCESSABLE_ENTITY, "The " + route.operation()
                    + " request failed validation against the MediaLive model: " + first.elementPath() + " "
                    + first.errorMessage(), report.violations());
        }
    }

    /** The operation's one path label ({@code channelId}, {@code inputId}), as its model URI names it. */
    private String pathLabel(Operation operation) {
        String uri = model.rules().operation(operation).uri();
        int open = uri.indexOf('{');
        return open < 0 ? "" : uri.substring(open + 1, uri.indexOf('}', open));
    }

    private void record(Route route, String outcome, String detail) {
        if (route != null) {
            calls.record(new CallRecord(clock.now(), route.operation(), route.resourceId(), outcome, detail));
        }
    }

    private static void sendError(HttpExchange exchange, MediaLiveApiException e, Map<String, String> headers)
            throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("__type", e.type().code());
        body.put("message", e.getMessage());
        if (e.type() == ErrorType.UNPROCESSABLE_ENTITY) {
            body.put("validationErrors", e.validationErrors());
        }
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("x-amzn-ErrorType", e.type().code());
        HttpExchanges.send(exchange, e.type().status(), body, all);
    }

    private static Route route(String method, String path) {
        int prod = path.indexOf("/prod/");
        if (prod < 0) {
            throw unknown(method, path);
        }
        String[] parts = path.substring(prod + "/prod/".length()).split("/", -1);
        String id = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : null;
        String key = method + " " + parts[0] + (parts.length > 1 ? "/{id}" : "")
                + (parts.length > 2 ? "/" + parts[2] : "") + (parts.length > 3 ? "/..." : "");
        Operation op = switch (key) {
            case "POST channels" -> Operation.CreateChannel;
            case "GET channels" -> Operation.ListChannels;
            case "GET channels/{id}" -> Operation.DescribeChannel;
            case "PUT channels/{id}" -> Operation.UpdateChannel;
            case "DELETE channels/{id}" -> Operation.DeleteChannel;
            case "POST channels/{id}/start" -> Operation.StartChannel;
            case "POST channels/{id}/stop" -> Operation.StopChannel;
            case "GET channels/{id}/alerts" -> Operation.ListAlerts;
            case "GET channels/{id}/thumbnails" -> Operation.DescribeThumbnails;
            case "POST inputs" -> Operation.CreateInput;
            case "GET inputs" -> Operation.ListInputs;
            case "GET inputs/{id}" -> Operation.DescribeInput;
            default -> throw unknown(method, path);
        };
        return new Route(op, id);
    }

    private static MediaLiveApiException unknown(String method, String path) {
        return MediaLiveApiException.notFound("The MediaLive simulator does not serve " + method + " " + path
                + "; it implements channels, inputs, alerts and thumbnails only.");
    }

    private Reply dispatch(Route route, ObjectNode body, Map<String, String> query) {
        String id = route.resourceId();
        return switch (route.operation()) {
            case CreateChannel -> new Reply(201, Map.of("channel", store.createChannel(body)));
            case DescribeChannel -> new Reply(200, store.describeChannel(id));
            case UpdateChannel -> new Reply(200, Map.of("channel", store.updateChannel(id, body)));
            case StartChannel -> new Reply(200, store.startChannel(id));
            case StopChannel -> new Reply(200, store.stopChannel(id));
            case DeleteChannel -> new Reply(200, store.deleteChannel(id));
            case ListChannels -> listed("channels", Paging.page(store.listChannels(), "channels",
                    query.get("maxResults"), query.get("nextToken")));
            case CreateInput -> new Reply(201, Map.of("input", store.createInput(body)));
            case DescribeInput -> new Reply(200, store.describeInput(id));
            case ListInputs -> listed("inputs", Paging.page(store.listInputs(), "inputs",
                    query.get("maxResults"), query.get("nextToken")));
            case ListAlerts -> listed("alerts", Paging.page(alerts(id, query.get("stateFilter")), "alerts:" + id,
                    query.get("maxResults"), query.get("nextToken")));
            case DescribeThumbnails -> new Reply(200, thumbnails.describe(id, query.get("pipelineId"), query.get("thumbnailType")));
        };
    }

    /**
     * The model types {@code stateFilter} as a plain string; the CLI reference lists SET, CLEARED and ALL
     * [CLI-LISTALERTS], so other values are refused here, with the 400 the simulator has always answered.
     */
    private List<Map<String, Object>> alerts(String channelId, String stateFilter) {
        String filter = stateFilter == null || stateFilter.isEmpty() ? "ALL" : stateFilter;
        if (!List.of("SET", "CLEARED", "ALL").contains(filter)) {
            throw MediaLiveApiException.badRequest("stateFilter must be SET, CLEARED or ALL, was \"" + filter + "\".");
        }
        return store.listAlerts(channelId).stream()
                .filter(a -> filter.equals("ALL") || a.state().equals(filter))
                .map(MediaLiveHttpHandler::alertJson)
                .toList();
    }

    static Map<String, Object> alertJson(ChannelAlertRecord alert) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("alertType", alert.alertType());
        if (alert.clearedTimestamp() != null) {
            out.put("clearedTimestamp", EventPublisher.isoTime(alert.clearedTimestamp()));
        }
        out.put("id", alert.id());
        out.put("message", alert.message());
        out.put("pipelineId", alert.pipelineId());
        out.put("setTimestamp", EventPublisher.isoTime(alert.setTimestamp()));
        out.put("state", alert.state());
        return out;
    }

    private static <T> Reply listed(String member, Paging.Page<T> page) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(member, page.items());
        if (page.nextToken() != null) {
            out.put("nextToken", page.nextToken());
        }
        return new Reply(200, out);
    }
}
