package dev.facecal.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Opens a local HTML file in headless Chromium (Debian's {@code chromium}) and reports what a reader's browser
 * would see: the DOM after the page's scripts ran, the console messages and uncaught JavaScript errors, the URLs
 * the page requested, and the Plotly figures it drew.
 *
 * <p>Chromium runs with a fresh temporary profile and no background networking; the page is driven over the
 * DevTools protocol ({@code --remote-debugging-port=0}, a WebSocket on 127.0.0.1) because Chromium's
 * {@code --enable-logging=stderr} prints {@code console.error} and {@code console.log} alike at INFO level.
 * Chromium's own stderr noise (D-Bus, GPU) is read and dropped.
 */
public final class HeadlessChromium {

    /** The flags every run uses (plus a temporary {@code --user-data-dir} and the debugging port). */
    public static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync",
            "--disable-default-apps", "--mute-audio", "--disable-extensions", "--hide-scrollbars");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(60);

    /** The figures on a page: every {@code div.js-plotly-plot}, with its id, SVG and title. */
    private static final String FIGURES_JS = """
            JSON.stringify(Array.from(document.querySelectorAll('div.js-plotly-plot')).map(function (d) {
              var t = d.querySelector('.gtitle');
              return {id: d.id || '', hasSvg: d.querySelector('svg.main-svg') !== null,
                      title: t ? t.textContent : null};
            }))""";

    private HeadlessChromium() {
    }

    /** A console message, uncaught exception or browser log entry. */
    public record ConsoleMessage(String level, String source, String text, String url, int line) {
        /** {@code console.error}/{@code console.assert}, an uncaught exception, or a browser error entry. */
        public boolean isError() {
            return level.equals("error");
        }

        @Override
        public String toString() {
            return level + " [" + source + "] " + text + (url.isEmpty() ? "" : " (" + url + ":" + line + ")");
        }
    }

    /** A {@code div.js-plotly-plot}: whether plotly drew its {@code svg.main-svg}, and its {@code .gtitle} text. */
    public record PlotlyFigure(String id, boolean hasSvg, String title) {
    }

    /**
     * What loading a page gave.
     *
     * @param dom      {@code document.documentElement.outerHTML} once scripts ran (what {@code --dump-dom} prints)
     * @param console  console messages, uncaught exceptions and browser log entries, in order
     * @param requests every URL the page requested (itself included)
     * @param figures  the Plotly figures on the page
     */
    public record Page(String dom, List<ConsoleMessage> console, List<String> requests, List<PlotlyFigure> figures) {
        /** The error-level messages. */
        public List<ConsoleMessage> errors() {
            return console.stream().filter(ConsoleMessage::isError).toList();
        }

        /** Requests that left the machine (http, https, ws, wss; not file: or data:). */
        public List<String> networkRequests() {
            return requests.stream().filter(u -> u.matches("(?i)(https?|wss?|ftp):.*")).toList();
        }
    }

    /** Chromium's executable: {@code FACECAL_CHROMIUM}, {@code /usr/bin/chromium} or {@code chromium} on PATH. */
    public static Optional<Path> find() {
        List<Path> candidates = new ArrayList<>();
        String env = System.getenv("FACECAL_CHROMIUM");
        if (env != null && !env.isBlank()) {
            candidates.add(Path.of(env));
        }
        candidates.add(Path.of("/usr/bin/chromium"));
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty()) {
                candidates.add(Path.of(dir, "chromium"));
                candidates.add(Path.of(dir, "chromium-browser"));
            }
        }
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    /** Chromium's executable, or an {@link AssertionError} that says how to install it. */
    public static Path require() {
        return find().orElseThrow(() -> new AssertionError(
                "headless Chromium is needed for this test but was not found (looked at FACECAL_CHROMIUM, "
                        + "/usr/bin/chromium and chromium on PATH): run ./facecal test (environment/setup.sh --for test) "
                        + "(as root on Debian it installs the `chromium` package)"));
    }

    /** Loads {@code html} and waits one second after its load event for scripts to finish. */
    public static Page load(Path html) {
        return load(html, Duration.ofSeconds(1));
    }

    /** The Plotly figures {@code html} draws. */
    public static List<PlotlyFigure> plotlyFigures(Path html) {
        return load(html).figures();
    }

    /**
     * Loads {@code html} in a fresh headless Chromium, waits for its load event and then {@code settle} (scripts,
     * timers, promises), and collects the DOM, console, requests and figures.
     */
    public static Page load(Path html, Duration settle) {
        Path exe = require();
        Path file = html.toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no such file: " + file);
        }
        Path profile;
        try {
            profile = Files.createTempDirectory("facecal-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>();
        command.add(exe.toString());
        command.addAll(FLAGS);
        command.add("--user-data-dir=" + profile);
        command.add("--remote-debugging-address=127.0.0.1");
        command.add("--remote-debugging-port=0");
        command.add("about:blank");
        Process process = null;
        try {
            process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            String wsUrl = devToolsUrl(process);
            try (Cdp cdp = Cdp.connect(wsUrl)) {
                return drive(cdp, file, settle);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("running " + exe + ": " + e.getMessage(), e);
        } finally {
            if (process != null) {
                stop(process);
            }
            deleteTree(profile);
        }
    }

    private static Page drive(Cdp cdp, Path file, Duration settle) {
        String target = cdp.call(null, "Target.createTarget", Map.of("url", "about:blank")).path("targetId").asText();
        String session = cdp.call(null, "Target.attachToTarget", Map.of("targetId", target, "flatten", true))
                .path("sessionId").asText();
        List<ConsoleMessage> console = Collections.synchronizedList(new ArrayList<>());
        List<String> requests = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> loaded = new CompletableFuture<>();
        cdp.onEvent((method, params, sid) -> {
            if (!session.equals(sid)) {
                return;
            }
            switch (method) {
                case "Page.loadEventFired" -> loaded.complete(null);
                case "Runtime.consoleAPICalled" -> console.add(consoleCall(params));
                case "Runtime.exceptionThrown" -> console.add(exception(params.path("exceptionDetails")));
                case "Log.entryAdded" -> {
                    JsonNode e = params.path("entry");
                    console.add(new ConsoleMessage(e.path("level").asText("info"), e.path("source").asText("browser"),
                            e.path("text").asText(), e.path("url").asText(""), e.path("lineNumber").asInt(0)));
                }
                case "Network.requestWillBeSent" -> requests.add(params.path("request").path("url").asText());
                default -> { }
            }
        });
        for (String domain : List.of("Page", "Runtime", "Log", "Network")) {
            cdp.call(session, domain + ".enable", Map.of());
        }
        cdp.call(session, "Page.navigate", Map.of("url", file.toUri().toString()));
        try {
            loaded.get(LOAD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("Chromium did not fire the load event of " + file + " within " + LOAD_TIMEOUT);
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
        evaluate(cdp, session, "new Promise(function (r) { setTimeout(r, " + settle.toMillis() + "); })", true);
        String dom = evaluate(cdp, session, "document.documentElement.outerHTML", false).asText();
        List<PlotlyFigure> figures = new ArrayList<>();
        try {
            for (JsonNode f : JSON.readTree(evaluate(cdp, session, FIGURES_JS, false).asText())) {
                figures.add(new PlotlyFigure(f.path("id").asText(), f.path("hasSvg").asBoolean(),
                        f.path("title").isNull() ? null : f.path("title").asText()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            cdp.call(null, "Browser.close", Map.of());
        } catch (RuntimeException ignored) {
            // the browser may close the socket before it answers
        }
        synchronized (console) {
            synchronized (requests) {
                return new Page(dom, List.copyOf(console), List.copyOf(requests), List.copyOf(figures));
            }
        }
    }

    private static JsonNode evaluate(Cdp cdp, String session, String expression, boolean awaitPromise) {
        JsonNode r = cdp.call(session, "Runtime.evaluate",
                Map.of("expression", expression, "returnByValue", true, "awaitPromise", awaitPromise));
        if (r.has("exceptionDetails")) {
            throw new IllegalStateException("evaluating in the page failed: " + exception(r.path("exceptionDetails")));
        }
        return r.path("result").path("value");
    }

    private static ConsoleMessage consoleCall(JsonNode p) {
        String type = p.path("type").asText("log");
        String level = switch (type) {
            case "error", "assert" -> "error";
            case "warning" -> "warning";
            case "debug" -> "verbose";
            default -> "info";
        };
        List<String> parts = new ArrayList<>();
        for (JsonNode a : p.path("args")) {
            parts.add(a.has("value") ? a.path("value").asText() : a.path("description").asText(a.path("type").asText()));
        }
        JsonNode frame = p.path("stackTrace").path("callFrames").path(0);
        return new ConsoleMessage(level, "console." + type, String.join(" ", parts), frame.path("url").asText(""),
                frame.path("lineNumber").asInt(-1) + 1);
    }

    private static ConsoleMessage exception(JsonNode d) {
        String description = d.path("exception").path("description").asText("");
        String text = d.path("text").asText("Uncaught");
        String first = description.isEmpty() ? "" : description.lines().findFirst().orElse("");
        return new ConsoleMessage("error", "exception", first.isEmpty() ? text : text + " " + first,
                d.path("url").asText(""), d.path("lineNumber").asInt(-1) + 1);
    }

    /** Reads Chromium's stderr until it names its DevTools WebSocket; keeps draining (and dropping) it after. */
    private static String devToolsUrl(Process process) {
        CompletableFuture<String> url = new CompletableFuture<>();
        List<String> head = Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    Matcher m = DEVTOOLS.matcher(line);
                    if (m.find()) {
                        url.complete(m.group(1));
                    } else if (!url.isDone() && head.size() < 200) {
                        head.add(line);
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
            url.complete(null);
        }, "chromium-stderr");
        reader.setDaemon(true);
        reader.start();
        try {
            String u = url.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (u == null) {
                throw new AssertionError("Chromium exited before opening its DevTools port; its stderr:\n"
                        + String.join("\n", head));
            }
            return u;
        } catch (TimeoutException e) {
            throw new AssertionError("Chromium did not open its DevTools port within " + START_TIMEOUT
                    + "; its stderr:\n" + String.join("\n", head));
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void stop(Process process) {
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroy);
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static void deleteTree(Path dir) {
        for (int attempt = 0; attempt < 3 && Files.exists(dir); attempt++) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException ignored) {
                        // retried below
                    }
                });
            } catch (IOException | UncheckedIOException ignored) {
                // retried
            }
            if (Files.exists(dir)) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** A minimal DevTools-protocol client: numbered calls with replies, and an event callback. */
    private static final class Cdp implements WebSocket.Listener, AutoCloseable {
        interface EventHandler {
            void on(String method, JsonNode params, String sessionId);
        }

        private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

        private final AtomicInteger ids = new AtomicInteger();
        private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
        private final StringBuilder partial = new StringBuilder();
        private volatile EventHandler handler = (m, p, s) -> { };
        private WebSocket socket;

        static Cdp connect(String url) {
            Cdp cdp = new Cdp();
            try {
                cdp.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                        .connectTimeout(Duration.ofSeconds(10))
                        .buildAsync(URI.create(url), cdp).get(20, TimeUnit.SECONDS);
            } catch (InterruptedException | ExecutionException | TimeoutException e) {
                throw new IllegalStateException("cannot connect to Chromium's DevTools at " + url + ": " + e, e);
            }
            return cdp;
        }

        void onEvent(EventHandler h) {
            handler = h;
        }

        JsonNode call(String sessionId, String method, Map<String, ?> params) {
            int id = ids.incrementAndGet();
            ObjectNode msg = JSON.createObjectNode();
            msg.put("id", id);
            msg.put("method", method);
            msg.set("params", JSON.valueToTree(params));
            if (sessionId != null) {
                msg.put("sessionId", sessionId);
            }
            CompletableFuture<JsonNode> reply = new CompletableFuture<>();
            pending.put(id, reply);
            try {
                synchronized (this) {
                    socket.sendText(msg.toString(), true).get(10, TimeUnit.SECONDS);
                }
                JsonNode r = reply.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                if (r.has("error")) {
                    throw new IllegalStateException("DevTools " + method + " failed: " + r.path("error"));
                }
                return r.path("result");
            } catch (InterruptedException | ExecutionException | TimeoutException e) {
                throw new IllegalStateException("DevTools " + method + " got no answer: " + e, e);
            } finally {
                pending.remove(id);
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    JsonNode msg = JSON.readTree(text);
                    if (msg.has("id")) {
                        CompletableFuture<JsonNode> f = pending.get(msg.path("id").asInt());
                        if (f != null) {
                            f.complete(msg);
                        }
                    } else if (msg.has("method")) {
                        handler.on(msg.path("method").asText(), msg.path("params"),
                                msg.has("sessionId") ? msg.path("sessionId").asText() : null);
                    }
                } catch (IOException | RuntimeException e) {
                    // a message we cannot read: ignore it, the caller times out if it was a reply
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            pending.values().forEach(f -> f.completeExceptionally(new IllegalStateException("DevTools closed")));
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            pending.values().forEach(f -> f.completeExceptionally(error));
        }

        @Override
        public void close() {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(2, TimeUnit.SECONDS);
            } catch (InterruptedException | ExecutionException | TimeoutException | RuntimeException ignored) {
                // Chromium is going away anyway
            }
            socket.abort();
        }
    }
}
