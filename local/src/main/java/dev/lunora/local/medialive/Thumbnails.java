package dev.lunora.local.medialive;

import dev.lunora.local.clock.LocalClock;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.ImageIO;

/**
 * DescribeThumbnails as AWS's model defines it ({@code GET /prod/channels/{channelId}/thumbnails?pipelineId&thumbnailType};
 * {@code thumbnailDetails[].thumbnails[]} of {@code body} (base64 JPEG), {@code contentType}, {@code thumbnailType},
 * {@code timeStamp}). The picture comes from a {@link MediaLiveSimulator.FrameSource} (media mode: a real frame of the program) or is a
 * generated test card: colour bars, the channel id and the simulated time.
 *
 * <p>What MediaLive answers: thumbnails disabled on the channel -> {@code {"thumbnailDetails": []}} (user guide,
 * "Retrieving thumbnails programmatically",
 * docs.aws.amazon.com/medialive/latest/ug/thumbnails-work-cli.html); a channel that is not running -> BadRequestException
 * (only a third-party SDK's documentation says so, alchemy.run/providers/aws/medialive/describethumbnails; the message
 * is a guess);
 * thumbnailType other than CURRENT_ACTIVE, pipelineId other than "0"/"1" -> BadRequestException (a guess: the guide
 * says the type is "always CURRENT_ACTIVE" and the model documents the pipeline as "0" or "1").
 */
final class Thumbnails {

    static final String CURRENT_ACTIVE = "CURRENT_ACTIVE";
    static final int CARD_WIDTH = 480;
    static final int CARD_HEIGHT = 270;
    /** The cost cap: one picture per channel per this much simulated time; MediaLive itself refreshes every few seconds. */
    private static final Duration REFRESH = Duration.ofSeconds(2);
    private static final Color[] BARS = {Color.WHITE, Color.YELLOW, Color.CYAN, Color.GREEN, Color.MAGENTA, Color.RED, Color.BLUE};

    private record Cached(byte[] jpeg, Instant takenAt) {
    }

    private final ChannelStore store;
    private final LocalClock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    /** One picture taken at a time per channel (a frame grab may take seconds); other channels are not held up. */
    private final Map<String, Object> taking = new ConcurrentHashMap<>();
    private volatile MediaLiveSimulator.FrameSource frames = channelId -> Optional.empty();

    Thumbnails(ChannelStore store, LocalClock clock) {
        this.store = store;
        this.clock = clock;
    }

    void frameSource(MediaLiveSimulator.FrameSource source) {
        this.frames = source == null ? channelId -> Optional.empty() : source;
    }

    Map<String, Object> describe(String channelId, String pipelineId, String thumbnailType) {
        ChannelStore.ThumbnailSubject subject = store.thumbnailSubject(channelId);
        if (!CURRENT_ACTIVE.equals(thumbnailType)) {
            throw MediaLiveApiException.badRequest("thumbnailType must be CURRENT_ACTIVE, was \"" + thumbnailType + "\".");
        }
        if (!"0".equals(pipelineId) && !"1".equals(pipelineId)) {
            throw MediaLiveApiException.badRequest("pipelineId must be \"0\" or \"1\", was \"" + pipelineId + "\".");
        }
        if (subject.state() != ChannelState.RUNNING) {
            throw MediaLiveApiException.badRequest("Channel " + channelId + " is not running (state " + subject.state()
                    + "); thumbnails exist only while it runs.");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        if (!subject.thumbnailsOn() || Integer.parseInt(pipelineId) >= subject.pipelines()) {
            out.put("thumbnailDetails", List.of());
            return out;
        }
        Cached picture = latest(channelId);
        Map<String, Object> thumbnail = new LinkedHashMap<>();
        thumbnail.put("body", Base64.getEncoder().encodeToString(picture.jpeg()));
        thumbnail.put("contentType", "image/jpeg");
        thumbnail.put("thumbnailType", CURRENT_ACTIVE);
        thumbnail.put("timeStamp", EventPublisher.isoTime(picture.takenAt()));
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("pipelineId", pipelineId);
        detail.put("thumbnails", List.of(thumbnail));
        out.put("thumbnailDetails", List.of(detail));
        return out;
    }

    /** The cached picture while fresh; otherwise a new one, taken by one caller while concurrent ones wait for it. */
    private Cached latest(String channelId) {
        Instant now = clock.now();
        Cached cached = cache.get(channelId);
        if (cached != null && cached.takenAt().plus(REFRESH).isAfter(now)) {
            return cached;
        }
        synchronized (taking.computeIfAbsent(channelId, id -> new Object())) {
            cached = cache.get(channelId);
            if (cached != null && cached.takenAt().plus(REFRESH).isAfter(clock.now())) {
                return cached;
            }
            byte[] jpeg = frames.frame(channelId).orElseGet(() -> testCard(channelId, now));
            Cached fresh = new Cached(jpeg, now);
            cache.put(channelId, fresh);
            return fresh;
        }
    }

    /** Colour bars with the channel id and the simulated time, so a viewer sees the picture is alive and whose it is. */
    static byte[] testCard(String channelId, Instant at) {
        BufferedImage image = new BufferedImage(CARD_WIDTH, CARD_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            int barWidth = (CARD_WIDTH + BARS.length - 1) / BARS.length;
            for (int i = 0; i < BARS.length; i++) {
                g.setColor(BARS[i]);
                g.fillRect(i * barWidth, 0, barWidth, CARD_HEIGHT * 2 / 3);
            }
            g.setColor(Color.BLACK);
            g.fillRect(0, CARD_HEIGHT * 2 / 3, CARD_WIDTH, CARD_HEIGHT / 3);
            g.setColor(Color.WHITE);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
            g.drawString("Channel " + channelId + " (simulated)", 16, CARD_HEIGHT * 2 / 3 + 32);
            g.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 18));
            g.drawString(DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC).format(at), 16,
                    CARD_HEIGHT * 2 / 3 + 66);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "jpg", out)) {
                throw new IllegalStateException("this JVM has no JPEG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing the test card to memory failed", e);
        }
        return out.toByteArray();
    }
}
