package dev.lunora.local.medialive;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * MediaLive-style paging: {@code maxResults} 1..1000 and an opaque {@code nextToken}. The token carries
 * the offset and the operation, so a token from one list cannot be replayed on another. The range is the
 * simulator's own check: botocore's model types {@code MaxResults} as a plain integer, with no min or max in
 * its shape name, so {@link ModelValidator} has nothing to enforce there.
 */
final class Paging {

    static final int MAX_RESULTS = 1000;

    record Page<T>(List<T> items, String nextToken) {
    }

    private Paging() {
    }

    static <T> Page<T> page(List<T> all, String scope, String maxResults, String nextToken) {
        int size = MAX_RESULTS;
        if (maxResults != null) {
            // The model check (ModelValidator, MaxResults is an integer shape) has refused anything else already.
            size = Integer.parseInt(maxResults.trim());
            if (size < 1 || size > MAX_RESULTS) {
                throw MediaLiveApiException.badRequest("maxResults must be between 1 and " + MAX_RESULTS
                        + ", was " + size + ".");
            }
        }
        int offset = nextToken == null || nextToken.isEmpty() ? 0 : decode(nextToken, scope);
        int end = Math.min(all.size(), offset + size);
        List<T> items = offset >= all.size() ? List.of() : all.subList(offset, end);
        String next = end < all.size() ? encode(scope, end) : null;
        return new Page<>(List.copyOf(items), next);
    }

    private static String encode(String scope, int offset) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((scope + ":" + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static int decode(String token, String scope) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (text.startsWith(scope + ":")) {
                int offset = Integer.parseInt(text.substring(scope.length() + 1));
                if (offset >= 0) {
                    return offset;
                }
            }
        } catch (IllegalArgumentException e) {
            // falls through to the refusal below; NumberFormatException is an IllegalArgumentException
        }
        throw MediaLiveApiException.badRequest("The nextToken \"" + token + "\" is invalid for this request.");
    }
}
