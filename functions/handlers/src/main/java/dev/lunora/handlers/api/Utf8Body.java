package dev.lunora.handlers.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import dev.lunora.core.destination.DestinationRules;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a request body as strict UTF-8. A lenient decode turns bad bytes into U+FFFD and Lunora would store a
 * garbled name; refusing names the field the bad bytes sit in, so the producer knows what to fix.
 */
final class Utf8Body {

    private static final JsonFactory JSON = new JsonFactory();

    private Utf8Body() {
    }

    static String decode(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length); // UTF-8 never decodes to more chars than bytes
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw invalid(bytes, in.position());
        }
        if (decoder.flush(out).isError()) {
            throw invalid(bytes, in.position());
        }
        return out.flip().toString();
    }

    private static ApiException invalid(byte[] bytes, int badByteAt) {
        // Everything before the bad byte decoded cleanly, so it can be parsed to find where the bad byte sits.
        String field = fieldAtEndOf(new String(bytes, 0, badByteAt, StandardCharsets.UTF_8));
        String where = field == null ? "The body" : "Field '" + field + "'";
        return new ApiException(400, "invalid_utf8", where + " holds bytes that are not UTF-8 (at byte " + badByteAt
                + "). Send the body as UTF-8 text.", field);
    }

    /** The name of the JSON field whose value the text ends inside, or null (outside any value, or inside a field name). */
    static String fieldAtEndOf(String validPrefix) {
        JsonToken last = null;
        boolean endedInsideAString = false;
        JsonStreamContext context;
        try (JsonParser parser = JSON.createParser(validPrefix)) {
            try {
                while ((last = parser.nextToken()) != null) {
                    if (last == JsonToken.VALUE_STRING) {
                        // Jackson reads a string's text lazily: read it now, so an ending inside it fails here.
                        endedInsideAString = true;
                        parser.getText();
                        endedInsideAString = false;
                    }
                }
            } catch (IOException endedInsideAToken) {
                // expected: the prefix stops where the bad byte was
            }
            context = parser.getParsingContext();
        } catch (IOException notJson) {
            return null;
        }
        boolean insideAValue = endedInsideAString || last == JsonToken.FIELD_NAME || (context != null && context.inArray());
        if (!insideAValue) {
            return null; // the bad byte is in a field name or between values: name no field
        }
        for (JsonStreamContext c = context; c != null; c = c.getParent()) {
            if (c.getCurrentName() != null) {
                return DestinationRules.printable(c.getCurrentName());
            }
        }
        return null;
    }
}
