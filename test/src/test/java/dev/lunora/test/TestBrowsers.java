package dev.lunora.test;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import dev.lunora.local.LocalMode;
import dev.lunora.local.LocalOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Debian's headless Chromium driven by Playwright, as every browser test launches it. */
final class TestBrowsers {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private TestBrowsers() {
    }

    /** Skips the test class without Chromium, or fails it when {@code LUNORA_REQUIRE_BROWSER=1} (CI). */
    static void requireChromium() {
        if (!Files.isExecutable(CHROMIUM)) {
            String message = "Headless Chromium not found at " + CHROMIUM
                    + "; install it with: apt-get update && apt-get install -y chromium chromium-driver";
            if ("1".equals(System.getenv("LUNORA_REQUIRE_BROWSER"))) {
                fail(message);
            }
            assumeTrue(false, message);
        }
    }

    /** Playwright without its own browser download, which this machine cannot fetch. */
    static Playwright playwright() {
        return Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    }

    /** Local mode, Playwright and a browser for one test class; closed in reverse order. */
    record Session(LocalMode local, Playwright playwright, Browser browser) implements AutoCloseable {

        /** The page's address, ending in a slash. */
        String baseUrl() {
            String url = local.webUrl().toString();
            return url.endsWith("/") ? url : url + "/";
        }

        @Override
        public void close() {
            browser.close();
            playwright.close();
            local.close();
        }
    }

    /** Skips or fails as {@link #requireChromium} says, then starts local mode and the browser. */
    static Session start(LocalOptions options) throws Exception {
        requireChromium();
        LocalMode local = LocalMode.start(options);
        Playwright playwright = playwright();
        return new Session(local, playwright, launch(playwright));
    }

    /** Without the background-networking flags Chromium keeps dialing out of this closed network. */
    static Browser launch(Playwright playwright) {
        return playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM)
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run")));
    }
}
