package dev.lunora.core.destination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lunora.core.exceptions.ValidationException;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DestinationRulesTest {

    /** A realistic key; every message test checks it is never echoed. */
    private static final String KEY = "abcd-efgh-ijkl-mnop";
    /** Display name for tests whose arguments hold a key: IDEs and launchers print display names. */
    private static final String KEYLESS = "[{index}]";
    private static final String ALL_PLATFORMS = "youtube, twitch, facebook, x, linkedin, custom, hls";

    private static ValidationException refused(ThrowingCallable rule) {
        ValidationException e = catchThrowableOfType(ValidationException.class, rule);
        assertThat(e).as("expected a ValidationException").isNotNull();
        return e;
    }

    @Nested
    class Name {

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {" ", "   ", "\t", "\n \r"})
        void name_missingOrBlank_requiredOnName(String raw) {
            ValidationException e = refused(() -> DestinationRules.name(raw));

            assertThat(e.field()).isEqualTo("name");
            assertThat(e.getMessage()).isEqualTo("Name is required.");
        }

        @Test
        void name_surroundingWhitespace_returnsTrimmed() {
            assertThat(DestinationRules.name("  Main YouTube \t")).isEqualTo("Main YouTube");
        }

        @Test
        void name_exactlyMaxAfterTrimming_accepted() {
            String hundred = "n".repeat(DestinationRules.NAME_MAX);

            assertThat(DestinationRules.name("  " + hundred + "  ")).isEqualTo(hundred);
        }

        @Test
        void name_overMax_refusedWithActualLength() {
            ValidationException e = refused(() -> DestinationRules.name("n".repeat(101)));

            assertThat(e.field()).isEqualTo("name");
            assertThat(e.getMessage()).isEqualTo("Name must be at most 100 characters (it has 101).");
        }

        @ParameterizedTest
        @ValueSource(strings = {"Main\nYouTube", "Main\tYouTube", "Main\rYouTube", "Main\u0000YouTube", "Main\u007FYouTube",
                "Main\u001BYouTube", "Main\u0085YouTube", "Main\u2028YouTube", "Main\u2029YouTube", "Main\u202EYouTube",
                "Main\u2066YouTube", "Main\uD800YouTube"})
        void name_controlCharacterInside_refused(String raw) {
            ValidationException e = refused(() -> DestinationRules.name(raw));

            assertThat(e.field()).isEqualTo("name");
            assertThat(e.getMessage()).isEqualTo("Name must not contain control characters such as line breaks or tabs.");
        }

        @ParameterizedTest
        @ValueSource(strings = {"配信 🎥 Ünïcødé", "Família 👨\u200D👩\u200D👧", "Ελληνικά", "<script>alert(1)</script>"})
        void name_unicodeTextAndEmojiSequences_kept(String raw) {
            assertThat(DestinationRules.name(raw)).isEqualTo(raw);
        }

        @Test
        void name_unicodeLetters_accepted() {
            assertThat(DestinationRules.name("Émission du soir — 夜")).isEqualTo("Émission du soir — 夜");
        }
    }

    @Nested
    class PlatformRule {

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"  "})
        void platform_missing_requiredListingAllIds(String raw) {
            ValidationException e = refused(() -> DestinationRules.platform(raw));

            assertThat(e.field()).isEqualTo("platform");
            assertThat(e.getMessage()).isEqualTo("Platform is required. Use one of: " + ALL_PLATFORMS + ".");
        }

        @Test
        void platform_unknown_refusedNamingItAndListingAllIds() {
            ValidationException e = refused(() -> DestinationRules.platform("vimeo"));

            assertThat(e.field()).isEqualTo("platform");
            assertThat(e.getMessage()).isEqualTo("Unknown platform 'vimeo'. Use one of: " + ALL_PLATFORMS + ".");
        }

        @Test
        void platform_unknownWithControlCharsAndLong_echoedPrintableAndBounded() {
            String raw = "bad\nplatform" + "x".repeat(60);

            ValidationException e = refused(() -> DestinationRules.platform(raw));

            assertThat(e.getMessage()).startsWith("Unknown platform 'bad?platform" + "x".repeat(28) + "…'.")
                    .doesNotContain("\n");
        }

        @ParameterizedTest
        @ValueSource(strings = {"youtube", "YouTube", "YOUTUBE", " youtube ", "yOuTuBe"})
        void platform_anyCaseAndPadding_resolved(String raw) {
            assertThat(DestinationRules.platform(raw)).isEqualTo(Platform.YOUTUBE);
        }

        @ParameterizedTest
        @EnumSource(Platform.class)
        void platform_everyWireId_resolvesToItsPlatform(Platform platform) {
            assertThat(DestinationRules.platform(platform.id())).isEqualTo(platform);
        }
    }

    @Nested
    class RtmpUrl {

        @Test
        void rtmpUrl_hlsWithUrl_refused() {
            ValidationException e = refused(() -> DestinationRules.rtmpUrl(Platform.HLS, "rtmp://live.example.com/app"));

            assertThat(e.field()).isEqualTo("rtmp_url");
            assertThat(e.getMessage()).isEqualTo("HLS destinations have no RTMP URL: the channel's MediaPackage output"
                    + " serves them. Leave the URL empty.");
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"  "})
        void rtmpUrl_hlsWithoutUrl_null(String raw) {
            assertThat(DestinationRules.rtmpUrl(Platform.HLS, raw)).isNull();
        }

        static Stream<Arguments> knownPlatformDefaults() {
            return Stream.of(
                    Arguments.of(Platform.YOUTUBE, "rtmp://a.rtmp.youtube.com/live2"),
                    Arguments.of(Platform.TWITCH, "rtmp://live.twitch.tv/app"),
                    Arguments.of(Platform.FACEBOOK, "rtmps://live-api-s.facebook.com:443/rtmp"),
                    Arguments.of(Platform.X, "rtmps://ingest.pscp.tv:443/x"),
                    Arguments.of(Platform.LINKEDIN, "rtmps://livein.linkedin.com:443/live"));
        }

        @ParameterizedTest
        @MethodSource("knownPlatformDefaults")
        void rtmpUrl_knownPlatformWithoutUrl_platformDefault(Platform platform, String expected) {
            assertThat(DestinationRules.rtmpUrl(platform, null)).isEqualTo(expected);
            assertThat(DestinationRules.rtmpUrl(platform, "  ")).isEqualTo(expected);
        }

        @Test
        void rtmpUrl_knownPlatformWithOwnUrl_keepsGivenTrimmed() {
            assertThat(DestinationRules.rtmpUrl(Platform.YOUTUBE, "  rtmp://b.rtmp.youtube.com/live2?backup=1 "))
                    .isEqualTo("rtmp://b.rtmp.youtube.com/live2?backup=1");
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {" "})
        void rtmpUrl_customWithoutUrl_required(String raw) {
            ValidationException e = refused(() -> DestinationRules.rtmpUrl(Platform.CUSTOM, raw));

            assertThat(e.field()).isEqualTo("rtmp_url");
            assertThat(e.getMessage()).isEqualTo("RTMP URL is required for a custom destination, e.g. rtmp://live.example.com/app.");
        }

        @ParameterizedTest
        @ValueSource(strings = {"rtmp://live.example.com/app", "rtmps://live.example.com:443/app", "RTMP://Live.Example.com/app",
                "rtmp://10.0.0.5:1935/live", "rtmp://[2001:db8::1]:1935/live"})
        void rtmpUrl_customValid_accepted(String url) {
            assertThat(DestinationRules.rtmpUrl(Platform.CUSTOM, url)).isEqualTo(url);
        }

        @Test
        void rtmpUrl_exactlyMax_accepted() {
            String url = "rtmp://live.example.com/" + "a".repeat(DestinationRules.URL_MAX - "rtmp://live.example.com/".length());

            assertThat(DestinationRules.rtmpUrl(Platform.CUSTOM, url)).hasSize(512);
        }

        @Test
        void rtmpUrl_overMax_refused() {
            String url = "rtmp://live.example.com/" + "a".repeat(DestinationRules.URL_MAX);

            ValidationException e = refused(() -> DestinationRules.rtmpUrl(Platform.CUSTOM, url));

            assertThat(e.field()).isEqualTo("rtmp_url");
            assertThat(e.getMessage()).isEqualTo("RTMP URL must be at most 512 characters.");
        }

        @ParameterizedTest
        @ValueSource(strings = {"rtmp://live.example.com/my app", "rtmp://live.example.com/app\tx",
                "rtmp://live.example.com/\napp", "rtmp://live.example.com/app\u0000"})
        void rtmpUrl_whitespaceOrControlInside_refused(String url) {
            ValidationException e = refused(() -> DestinationRules.rtmpUrl(Platform.CUSTOM, url));

            assertThat(e.field()).isEqualTo("rtmp_url");
            assertThat(e.getMessage()).isEqualTo("RTMP URL must not contain spaces or control characters.");
        }

        static Stream<Arguments> badSyntax() {
            return Stream.of(
                    Arguments.of("rtmp://live.example.com/a^b", "Illegal character in path"),
                    Arguments.of("rtmp://", "Expected authority"),
                    Arguments.of("rtmp://[2001:db8::1/live", "Expected closing bracket for IPv6 address"),
                    Arguments.of("://live.example.com/app", "Expected scheme name"));
        }

        @ParameterizedTest
        @MethodSource("badSyntax")
        void rtmpUrl_badSyntax_refusedWithReason(String url, String reason) {
            ValidationException e = refused(() -> DestinationRules.rtmpUrl(Platform.CUSTOM, url));

            assertThat(e.field()).isEqualTo("rtmp_url");
            assertThat(e.getMessage()).isEqualTo("RTMP URL is not a valid URL: " + reason + ".");
        }

        @ParameterizedTest
        @ValueSource(strings = {"http", "https", "srt", "ftp", "file", "rtmpx"})
        void rtmpUrl_otherScheme_refusedNamingIt(String scheme) {
            ValidationException e = refused(() -> DestinationRules.rtmpUrl(Platform.CUSTOM, scheme + "://live.example.com/app"));

            assertThat(e.field()).isEqualTo("rtmp_url");
            assertThat(e.getMessage()).isEqualTo("RTMP URL must start with rtmp:// or rtmps:// (it starts with " + scheme + "://).");
        }

        @ParameterizedTest
        @ValueSource(strings = {"live.example.com/app", "/live/app"})
        void rtmpUrl_noScheme_refused(String url) {
            ValidationException e = refused(() -> DestinationRules.rtmpUrl(Platform.CUSTOM, url));

            assertThat(e.field()).isEqualTo("rtmp_url");
            assertThat(e.getMessage()).isEqualTo("RTMP URL must start with rtmp:// or rtmps://.");
        }

        @ParameterizedTest
        @ValueSource(strings = {"rtmp:///app", "rtmp:live.example.com/app", "rtmps:///"})
        void rtmpUrl_noHost_refused(String url) {
            ValidationException e = refused(() -> DestinationRules.rtmpUrl(Platform.CUSTOM, url));

            assertThat(e.field()).isEqualTo("rtmp_url");
            assertThat(e.getMessage()).isEqualTo("RTMP URL needs a host name, e.g. rtmp://live.example.com/app.");
        }

        @ParameterizedTest
        @ValueSource(strings = {"rtmp://user@live.example.com/app", "rtmp://user:secret@live.example.com/app",
                "rtmps://:pw@live.example.com:443/app"})
        void rtmpUrl_userInfo_refused(String url) {
            ValidationException e = refused(() -> DestinationRules.rtmpUrl(Platform.CUSTOM, url));

            assertThat(e.field()).isEqualTo("rtmp_url");
            assertThat(e.getMessage()).isEqualTo("RTMP URL must not contain a user name or password; put the key in the"
                    + " stream key field.");
            assertThat(e.getMessage()).doesNotContain("secret", "pw@");
        }
    }

    @Nested
    class StreamKey {

        @Test
        void streamKey_hls_refused() {
            ValidationException e = refused(() -> DestinationRules.streamKey(Platform.HLS, KEY));

            assertThat(e.field()).isEqualTo("stream_key");
            assertThat(e.getMessage()).isEqualTo("HLS destinations have no stream key. Leave it empty.");
        }

        @ParameterizedTest
        @ValueSource(ints = {1, 2, 3, 257, 300})
        void streamKey_outsideLengthBounds_refused(int length) {
            String key = "k".repeat(length);

            ValidationException e = refused(() -> DestinationRules.streamKey(Platform.YOUTUBE, key));

            assertThat(e.field()).isEqualTo("stream_key");
            assertThat(e.getMessage()).isEqualTo("Stream key must be 4 to 256 characters; copy it again from the platform's"
                    + " stream settings.");
        }

        @ParameterizedTest
        @ValueSource(ints = {4, 256})
        void streamKey_atLengthBounds_accepted(int length) {
            String key = "k".repeat(length);

            assertThat(DestinationRules.streamKey(Platform.CUSTOM, key)).isEqualTo(key);
        }

        @ParameterizedTest(name = KEYLESS)
        @ValueSource(strings = {" abcd-efgh", "abcd-efgh ", "abcd efgh", "abcd\tefgh", "abcd-efgh\n", "abcd\r\nefgh",
                "abcd\u0000efgh"})
        void streamKey_whitespaceOrControl_refused(String key) {
            ValidationException e = refused(() -> DestinationRules.streamKey(Platform.TWITCH, key));

            assertThat(e.field()).isEqualTo("stream_key");
            assertThat(e.getMessage()).isEqualTo("Stream key must not contain spaces or line breaks; copy it again without"
                    + " surrounding whitespace.");
        }

        @ParameterizedTest
        @EnumSource(value = Platform.class, names = "HLS", mode = EnumSource.Mode.EXCLUDE)
        void streamKey_validOnRtmpPlatform_returnedUnchanged(Platform platform) {
            assertThat(DestinationRules.streamKey(platform, KEY)).isEqualTo(KEY);
        }
    }

    @Nested
    class NeverEchoesTheKey {

        /** Every refused stream key, shaped so that an echo of any 4+ character part would be caught. */
        static Stream<Arguments> refusedKeys() {
            return Stream.of(
                    Arguments.of(Platform.HLS, KEY),
                    Arguments.of(Platform.YOUTUBE, "s3c"),
                    Arguments.of(Platform.YOUTUBE, "s3cr3t-" + "k".repeat(300)),
                    Arguments.of(Platform.YOUTUBE, "s3cr3t key"),
                    Arguments.of(Platform.CUSTOM, "s3cr3t-key\n"),
                    Arguments.of(Platform.TWITCH, " s3cr3t-key"));
        }

        @ParameterizedTest(name = "[{index}] {0}")
        @MethodSource("refusedKeys")
        void streamKey_refused_messageOmitsKey(Platform platform, String key) {
            ValidationException e = refused(() -> DestinationRules.streamKey(platform, key));

            assertThat(e.getMessage()).doesNotContain(key.strip()).doesNotContain("s3c");
            assertThat(e.toString()).doesNotContain(key.strip());
        }

        /** Producers paste the key into the URL; whatever is wrong with the URL, the key stays out of the message. */
        @ParameterizedTest(name = KEYLESS)
        @ValueSource(strings = {
                "http://live.example.com/app/" + KEY,
                "rtmp://" + KEY + "@live.example.com/app",
                "rtmp://live.example.com/app/" + KEY + "^",
                "rtmp:///app/" + KEY,
                "rtmp://live.example.com/app/ " + KEY,
                KEY})
        void rtmpUrl_refusedUrlHoldingKey_messageOmitsKey(String url) {
            ValidationException e = refused(() -> DestinationRules.rtmpUrl(Platform.CUSTOM, url));

            assertThat(e.getMessage()).doesNotContain(KEY).doesNotContain("mnop");
        }
    }

    @Test
    void printable_controlCharsAndLongInput_replacedAndCut() {
        assertThat(DestinationRules.printable("a\tb")).isEqualTo("a?b");
        assertThat(DestinationRules.printable("x".repeat(41))).isEqualTo("x".repeat(40) + "…");
        assertThat(DestinationRules.printable("x".repeat(40))).isEqualTo("x".repeat(40));
    }
}
