package dev.lunora.test;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Request;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.options.AriaRole;
import dev.lunora.local.LocalMode;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sign-in (frontend/js/auth.js) in headless Chromium against the real local mode, with config.json and the
 * Cognito hosted UI faked by Playwright routes: the PKCE code flow, the Bearer header on API calls, the email
 * in the header, a forged state refused, Sign out, and local mode's own config needing no sign-in at all.
 */
class SignInBrowserTest {

    private static final String IDP = "https://auth.lunora.test";
    private static final String CLIENT_ID = "test-page-client";
    private static final String EMAIL = "producer@example.com";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static LocalMode local;
    private static String baseUrl;
    private static TestBrowsers.Session session;
    private static Browser browser;

    private BrowserContext context;
    private Page page;
    private final List<String> pageErrors = new ArrayList<>();

    // What the fake hosted UI saw and how it behaves.
    private final List<Map<String, String>> authorizeCalls = new CopyOnWriteArrayList<>();
    private final List<Map<String, String>> tokenCalls = new CopyOnWriteArrayList<>();
    private final List<String> logoutCalls = new CopyOnWriteArrayList<>();
    private final List<String> apiAuthorization = new CopyOnWriteArrayList<>();
    private final AtomicReference<String> stateOverride = new AtomicReference<>();
    private final AtomicReference<String> challenge = new AtomicReference<>();
    private final AtomicInteger issued = new AtomicInteger();
    private final AtomicInteger expiresIn = new AtomicInteger(3600);

    @BeforeAll
    static void startLocalModeAndBrowser() throws Exception {
        session = TestBrowsers.start(TestLocalModes.options().timeScale(500).build());
        local = session.local();
        browser = session.browser();
        baseUrl = session.baseUrl();
    }

    @AfterAll
    static void stopBrowserAndLocalMode() throws Exception {
        if (session != null) {
            session.close();
        }
    }

    @BeforeEach
    void openPage() {
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 860));
        page = context.newPage();
        page.onPageError(e -> pageErrors.add(e));
        page.setDefaultTimeout(10_000);
        page.onRequest(r -> {
            if (r.url().startsWith(baseUrl + "api/")) {
                String header = r.headers().get("authorization");
                apiAuthorization.add(header == null ? "" : header);
            }
        });
    }

    @AfterEach
    void closePage() {
        if (context != null) {
            context.close();
        }
        assertThat(pageErrors).as("uncaught errors in the page").isEmpty();
    }

    // ------------------------------------------------------------------ tests

    @Test
    void signInRequired_codeFlowWithPkce_apiCallsCarryBearerAndEmailShown() {
        fakeHostedUi();
        page.navigate(baseUrl);

        assertThat(page.locator("#auth-user")).hasText(EMAIL);
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out"))).isVisible();
        assertThat(page.locator("tr.row").first()).isVisible();

        assertThat(authorizeCalls).hasSize(1);
        Map<String, String> authorize = authorizeCalls.get(0);
        assertThat(authorize).containsEntry("response_type", "code").containsEntry("client_id", CLIENT_ID)
                .containsEntry("redirect_uri", baseUrl).containsEntry("code_challenge_method", "S256")
                .containsEntry("scope", "openid email");
        assertThat(authorize.get("state")).hasSizeGreaterThanOrEqualTo(20);
        assertThat(tokenCalls).hasSize(1);
        assertThat(tokenCalls.get(0)).containsEntry("grant_type", "authorization_code")
                .containsEntry("client_id", CLIENT_ID).containsEntry("redirect_uri", baseUrl)
                .doesNotContainKey("client_secret");

        // The code and state are gone from the address bar; tokens are in sessionStorage, not localStorage.
        assertThat(page.url()).isEqualTo(baseUrl);
        assertThat((String) page.evaluate("() => sessionStorage.getItem('lunora.auth.tokens')")).contains("access-1");
        assertThat((String) page.evaluate("() => sessionStorage.getItem('lunora.auth.pkce')")).isNull();
        assertThat(page.evaluate("() => localStorage.length")).isEqualTo(0);

        // Every API call (destinations, channel, schedules, usage, ...) carries the access token.
        page.waitForCondition(() -> apiAuthorization.size() >= 3);
        assertThat(apiAuthorization).allMatch(h -> h.equals("Bearer access-1"));

        page.locator(".app-header").screenshot(new com.microsoft.playwright.Locator.ScreenshotOptions()
                .setPath(Paths.get("/tmp/lunora-signed-in-header.png")));
    }

    @Test
    void signInRequired_stateDoesNotMatch_refusedWithTryAgain() {
        fakeHostedUi();
        stateOverride.set("forged-state");
        page.navigate(baseUrl);

        assertThat(page.locator("#auth-error")).isVisible();
        assertThat(page.locator("#auth-error-text")).containsText("refused");
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Try again"))).isVisible();
        assertThat(page.url()).doesNotContain("code=").doesNotContain("state=");
        assertThat(tokenCalls).as("no code exchanged for a forged state").isEmpty();
        page.waitForTimeout(300);
        assertThat(apiAuthorization).as("no API calls without a sign-in").isEmpty();
        assertThat(page.locator("#auth-user")).hasCount(0);

        // Try again starts a fresh sign-in that, with an honest answer, succeeds.
        stateOverride.set(null);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Try again")).click();
        assertThat(page.locator("#auth-user")).hasText(EMAIL);
        assertThat(authorizeCalls).hasSize(2);
    }

    @Test
    void signInRequired_tokenEndpointFails_errorInPlainWords() {
        fakeHostedUi();
        page.route(IDP + "/oauth2/token", route -> route.fulfill(new Route.FulfillOptions().setStatus(400)
                .setHeaders(Map.of("Access-Control-Allow-Origin", "*", "Content-Type", "application/json"))
                .setBody("{\"error\":\"invalid_grant\"}")));
        page.navigate(baseUrl);

        assertThat(page.locator("#auth-error-text")).containsText("could not be completed");
        assertThat(page.locator("#auth-error-text")).containsText("invalid_grant");
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Try again"))).isVisible();
    }

    @Test
    void tokenAboutToExpire_refreshedWithRefreshToken() {
        fakeHostedUi();
        expiresIn.set(121); // refresh is due 2 minutes before expiry, i.e. (at the earliest) 5 s after sign-in
        page.navigate(baseUrl);
        assertThat(page.locator("#auth-user")).hasText(EMAIL);

        page.waitForCondition(() -> tokenCalls.size() == 2, new Page.WaitForConditionOptions().setTimeout(15_000));
        assertThat(tokenCalls.get(1)).containsEntry("grant_type", "refresh_token")
                .containsEntry("client_id", CLIENT_ID).containsEntry("refresh_token", "refresh-1");
        int before = apiAuthorization.size();
        page.waitForCondition(() -> apiAuthorization.size() > before + 1, new Page.WaitForConditionOptions().setTimeout(15_000));
        assertThat(apiAuthorization.get(apiAuthorization.size() - 1)).isEqualTo("Bearer access-refreshed");
        assertThat(authorizeCalls).as("no new trip to the hosted UI").hasSize(1);
    }

    @Test
    void signOut_clearsTokensAndGoesToLogout() {
        fakeHostedUi();
        page.navigate(baseUrl);
        assertThat(page.locator("#auth-user")).hasText(EMAIL);

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();

        // Cognito's /logout sends the browser back to logout_uri; with the tokens gone the page asks to sign in.
        page.waitForCondition(() -> authorizeCalls.size() == 2);
        assertThat(logoutCalls).hasSize(1);
        Map<String, String> logout = query(logoutCalls.get(0));
        assertThat(logout).containsEntry("client_id", CLIENT_ID).containsEntry("logout_uri", baseUrl);
        assertThat(tokenCalls).as("signed out: no silent second sign-in from stored tokens").hasSize(1);
        page.waitForURL(url -> url.startsWith(IDP + "/oauth2/authorize"));
    }

    @Test
    void apiAnswers401_signsInAgainOnce() {
        fakeHostedUi();
        AtomicInteger refused = new AtomicInteger();
        page.route(baseUrl + "api/destinations", route -> {
            if ("Bearer access-1".equals(route.request().headers().get("authorization"))) {
                refused.incrementAndGet();
                route.fulfill(new Route.FulfillOptions().setStatus(401).setContentType("application/json")
                        .setBody("{\"message\":\"Unauthorized\"}"));
            } else {
                route.resume();
            }
        });
        page.navigate(baseUrl);

        // The first token is refused: the page signs in again and the second token works.
        assertThat(page.locator("tr.row").first()).isVisible();
        assertThat(authorizeCalls).hasSize(2);
        assertThat(tokenCalls).hasSize(2);
        assertThat(refused.get()).isGreaterThanOrEqualTo(1);
        assertThat(page.locator("#auth-user")).hasText(EMAIL);
    }

    @Test
    void localModeConfig_noSignInAndNoHeader() {
        page.route(IDP + "/**", route -> {
            authorizeCalls.add(Map.of("url", route.request().url()));
            route.abort();
        });
        page.navigate(baseUrl);
        assertThat(page.locator("tr.row").first()).isVisible();
        page.waitForCondition(() -> apiAuthorization.size() >= 3);
        page.waitForTimeout(300);

        assertThat(page.url()).isEqualTo(baseUrl);
        assertThat(authorizeCalls).isEmpty();
        assertThat(apiAuthorization).allMatch(String::isEmpty);
        assertThat(page.locator("#sign-out")).hasCount(0);
        assertThat(page.locator("#auth-error")).hasCount(0);
    }

    // ------------------------------------------------------------------ the fake deployment

    /** config.json with sign-in required, and a hosted UI at {@link #IDP} that checks PKCE like Cognito. */
    private void fakeHostedUi() {
        Map<String, Object> auth = new LinkedHashMap<>();
        auth.put("required", true);
        auth.put("provider", "cognito");
        auth.put("region", "eu-west-1");
        auth.put("userPoolId", "eu-west-1_TEST");
        auth.put("clientId", CLIENT_ID);
        auth.put("domain", IDP);
        auth.put("redirectUri", baseUrl);
        auth.put("scopes", List.of("openid", "email"));
        String config = json(Map.of("apiBaseUrl", "", "auth", auth));
        page.route(baseUrl + "config.json", route -> route.fulfill(new Route.FulfillOptions()
                .setStatus(200).setContentType("application/json").setBody(config)));

        // Local mode's CSP allows no other hosts; the deployed one (Site.contentSecurityPolicy) lets the page reach
        // the hosted UI's token endpoint. Serve the page the way CloudFront would, with the fake IDP in connect-src.
        page.route(url -> url.equals(baseUrl) || url.startsWith(baseUrl + "?"), route -> {
            APIResponse response = route.fetch();
            Map<String, String> headers = new LinkedHashMap<>(response.headers());
            headers.put("content-security-policy", "default-src 'self'; script-src 'self'; style-src 'self'; "
                    + "img-src 'self' data:; connect-src 'self' " + IDP + "; object-src 'none'; base-uri 'none'; "
                    + "frame-ancestors 'none'; form-action 'self' " + IDP);
            route.fulfill(new Route.FulfillOptions().setResponse(response).setHeaders(headers));
        });

        page.route(IDP + "/oauth2/authorize**", route -> {
            Map<String, String> q = query(route.request().url());
            authorizeCalls.add(q);
            if (authorizeCalls.size() > 1 && logoutCalls.size() > 0) {
                // After sign-out: stay on the "hosted UI".
                route.fulfill(new Route.FulfillOptions().setStatus(200).setContentType("text/html")
                        .setBody("<!doctype html><title>Sign in</title><p>Fake hosted UI</p>"));
                return;
            }
            challenge.set(q.get("code_challenge"));
            String state = stateOverride.get() != null ? stateOverride.get() : q.get("state");
            String back = q.get("redirect_uri") + "?code=code-" + authorizeCalls.size() + "&state=" + enc(state);
            route.fulfill(redirect(back));
        });

        page.route(IDP + "/oauth2/token", route -> {
            Request request = route.request();
            Map<String, String> form = query("?" + request.postData());
            tokenCalls.add(form);
            boolean ok = "POST".equals(request.method())
                    && String.valueOf(request.headers().get("content-type")).startsWith("application/x-www-form-urlencoded")
                    && "authorization_code".equals(form.get("grant_type"))
                    && CLIENT_ID.equals(form.get("client_id"))
                    && form.get("code") != null && form.get("code").startsWith("code-")
                    && s256(form.get("code_verifier")).equals(challenge.get());
            Map<String, String> cors = Map.of("Access-Control-Allow-Origin", "*", "Content-Type", "application/json");
            if ("refresh_token".equals(form.get("grant_type")) && CLIENT_ID.equals(form.get("client_id"))
                    && String.valueOf(form.get("refresh_token")).startsWith("refresh-")) {
                // Like Cognito: new access and id tokens, no new refresh token.
                String idToken = jwt(Map.of("sub", "user-1", "aud", CLIENT_ID, "email", EMAIL, "token_use", "id"));
                route.fulfill(new Route.FulfillOptions().setStatus(200).setHeaders(cors).setBody(json(Map.of(
                        "access_token", "access-refreshed", "id_token", idToken, "token_type", "Bearer",
                        "expires_in", 3600))));
                return;
            }
            if (!ok) {
                route.fulfill(new Route.FulfillOptions().setStatus(400).setHeaders(cors)
                        .setBody("{\"error\":\"invalid_grant\"}"));
                return;
            }
            int n = issued.incrementAndGet();
            String idToken = jwt(Map.of("sub", "user-1", "aud", CLIENT_ID, "email", EMAIL, "token_use", "id"));
            route.fulfill(new Route.FulfillOptions().setStatus(200).setHeaders(cors).setBody(json(Map.of(
                    "access_token", "access-" + n, "id_token", idToken, "refresh_token", "refresh-" + n,
                    "token_type", "Bearer", "expires_in", expiresIn.get()))));
        });

        page.route(IDP + "/logout**", route -> {
            logoutCalls.add(route.request().url());
            route.fulfill(redirect(query(route.request().url()).get("logout_uri")));
        });
    }

    /**
     * Sends the browser on like the hosted UI's 302 would. A page that navigates rather than a real 302: Playwright
     * routes only the first URL of a redirect chain, and the page coming back must be served by the route above.
     */
    private static Route.FulfillOptions redirect(String to) {
        return new Route.FulfillOptions().setStatus(200).setContentType("text/html")
                .setBody("<!doctype html><script>location.replace(" + json(to) + ")</script>");
    }

    private static String s256(String verifier) {
        if (verifier == null || verifier.length() < 43) {
            return "missing-or-short-verifier";
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String jwt(Map<String, Object> claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"RS256\",\"kid\":\"test\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(json(claims).getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
    }

    private static Map<String, String> query(String url) {
        Map<String, String> out = new LinkedHashMap<>();
        String raw = url.contains("?") ? url.substring(url.indexOf('?') + 1) : "";
        if (url.startsWith("http")) {
            raw = URI.create(url).getRawQuery();
        }
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return out;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
