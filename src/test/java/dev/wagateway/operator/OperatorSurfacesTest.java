package dev.wagateway.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wagateway.Api;
import dev.wagateway.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;

/**
 * Spring Security in front of the operator's surfaces, over real HTTP: the actuator (but health and info), hawtio
 * and Jolokia answer a caller without the operator key or login 401 in the envelope (a browser: the login form);
 * the key, Bearer, Basic and the console's login open them; health shows its details to the operator only; the
 * console's session needs its CSRF token; every answer carries the security headers, and HSTS once behind TLS.
 */
class OperatorSurfacesTest extends IntegrationTest {

    private static final String PASSWORD = "test-operator-password";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> GUARDED = List.of("/actuator/prometheus", "/actuator/metrics", "/actuator/env",
            "/actuator", "/actuator/hawtio/", "/actuator/jolokia/version", "/actuator/PROMETHEUS");

    @Test
    void without_the_operator_every_guarded_surface_is_401_in_the_envelope() {
        String tenantKey = api.keyOf(api.tenant("Not the operator"));
        for (String path : GUARDED) {
            for (Api caller : List.of(api.anonymous(), api.as(tenantKey), api.as("wrong-operator-key-0123456789"))) {
                Api.Response refused = caller.get(path, Map.of("Accept", "application/json"));
                assertThat(refused.status()).as(path).isEqualTo(401);
                assertThat(refused.errorCode()).as(path).isEqualTo("UNAUTHORIZED");
                assertThat(refused.json().path("success").asBoolean(true)).isFalse();
                assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"whatsapp-gateway\"");
            }
            Api.Response wrongBearer = api.anonymous().get(path, Map.of("Authorization", "Bearer " + tenantKey));
            assertThat(wrongBearer.status()).as(path + " with a tenant's key as Bearer").isEqualTo(401);
        }
    }

    @Test
    void the_operator_key_as_x_api_key_or_bearer_opens_them() {
        Api operator = api.as(Api.ADMIN_KEY);
        assertThat(operator.get("/actuator/prometheus").raw()).contains("jvm_memory_used_bytes");
        assertThat(api.anonymous().get("/actuator/prometheus", Map.of("Authorization", "Bearer " + Api.ADMIN_KEY))
                .status()).isEqualTo(200);
        Api.Response jolokia = operator.get("/actuator/jolokia/version");
        assertThat(jolokia.status()).isEqualTo(200);
        assertThat(jolokia.raw()).contains("\"agent\"");
        assertThat(operator.get("/actuator/hawtio/", Map.of("Accept", "text/html")).status()).isEqualTo(200);
        // a script's POST with the key needs no CSRF token (it has no session a forged request could ride on)
        Api.Response read = operator.post("/actuator/jolokia", "{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\","
                + "\"attribute\":\"Uptime\"}");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().path("status").asInt()).isEqualTo(200);
    }

    @Test
    void http_basic_with_the_operators_login_opens_them_and_a_wrong_one_is_401() {
        for (String path : List.of("/actuator/prometheus", "/actuator/jolokia/version")) {
            assertThat(api.anonymous().get(path, basic("operator", PASSWORD)).status()).as(path).isEqualTo(200);
            for (Map<String, String> wrong : List.of(basic("operator", "guess"), basic("admin", PASSWORD),
                    basic("operator", ""), Map.of("Authorization", "Basic not-base64!"))) {
                Api.Response refused = api.anonymous().get(path, wrong);
                assertThat(refused.status()).as(path + " " + wrong).isEqualTo(401);
                assertThat(refused.errorCode()).isEqualTo("UNAUTHORIZED");
            }
        }
    }

    @Test
    void without_a_password_no_login_is_accepted() {
        OperatorAuthentication noPassword = new OperatorAuthentication(new OperatorLogin("operator", ""));
        assertThatThrownBy(() -> noPassword.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(
                "operator", ""))).isInstanceOf(BadCredentialsException.class);
        OperatorAuthentication withPassword = new OperatorAuthentication(new OperatorLogin("operator", PASSWORD));
        assertThat(withPassword.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("operator", PASSWORD))
                .getAuthorities()).extracting(Object::toString).containsExactly("ROLE_OPERATOR");
    }

    @Test
    void health_shows_its_status_to_anyone_and_its_details_to_the_operator_only() {
        for (String path : List.of("/actuator/health", "/actuator/health/readiness", "/actuator/health/liveness")) {
            Api.Response anonymous = api.anonymous().get(path);
            assertThat(anonymous.status()).as(path).isIn(200, 503);
            assertThat(anonymous.json().path("status").asText()).as(path).isIn("UP", "DOWN", "OUT_OF_SERVICE");
            assertThat(anonymous.json().has("components")).as(path + ": no components to anyone").isFalse();
            assertThat(anonymous.raw()).doesNotContain("details", "database", "PostgreSQL");
        }
        assertThat(api.anonymous().get("/actuator/health").json().path("groups")).extracting(JsonNode::toString)
                .asString().contains("liveness", "readiness");
        for (Api.Response operator : List.of(api.as(Api.ADMIN_KEY).get("/actuator/health"),
                api.anonymous().get("/actuator/health", basic("operator", PASSWORD)))) {
            JsonNode health = operator.json();
            assertThat(health.path("components").path("db").path("details").path("database").asText())
                    .isEqualTo("PostgreSQL");
            assertThat(health.path("components").has("whatsAppCircuit")).isTrue();
        }
        assertThat(api.anonymous().get("/actuator/info").status()).isEqualTo(200);
    }

    @Test
    void the_console_logs_in_with_a_form_and_its_session_needs_the_csrf_token() throws Exception {
        CookieManager cookies = new CookieManager();
        HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies).build();
        HttpResponse<String> redirected = browser.send(HttpRequest.newBuilder(uri("/actuator/hawtio/"))
                .header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(redirected.statusCode()).as("a browser is sent to the login form").isEqualTo(302);
        assertThat(redirected.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));

        HttpResponse<String> form = browser.send(HttpRequest.newBuilder(uri("/login")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("type=\"password\"");
        Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(form.body());
        assertThat(csrf.find()).as("the form carries its CSRF token").isTrue();
        HttpResponse<String> style = browser.send(HttpRequest.newBuilder(uri("/default-ui.css")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(form.body()).contains("/default-ui.css");
        assertThat(style.statusCode()).as("the form's stylesheet").isEqualTo(200);
        assertThat(style.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/css"));

        assertThat(login(browser, "operator", "guess", csrf.group(1)).headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).contains("/login?error"));
        form = browser.send(HttpRequest.newBuilder(uri("/login")).build(), HttpResponse.BodyHandlers.ofString());
        csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(form.body());
        assertThat(csrf.find()).isTrue();
        HttpResponse<String> loggedIn = login(browser, "operator", PASSWORD, csrf.group(1));
        assertThat(loggedIn.statusCode()).isEqualTo(302);
        assertThat(loggedIn.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l)
                .endsWith("/actuator/hawtio/"));

        HttpResponse<String> console = browser.send(HttpRequest.newBuilder(uri("/actuator/hawtio/"))
                .header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(console.statusCode()).isEqualTo(200);
        String xsrf = cookies.getCookieStore().get(uri("/")).stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
                .map(HttpCookie::getValue).findFirst().orElseThrow(() -> new AssertionError("no XSRF-TOKEN cookie"));

        String read = "{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\",\"attribute\":\"Uptime\"}";
        HttpResponse<String> forged = browser.send(HttpRequest.newBuilder(uri("/actuator/jolokia"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(read)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).as("the session alone, as a forged request has it").isEqualTo(403);
        assertThat(JSON.readTree(forged.body()).path("error").path("code").asText()).isEqualTo("FORBIDDEN");
        HttpResponse<String> forgedWithAHeader = browser.send(HttpRequest.newBuilder(uri("/actuator/jolokia"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer not-the-key")
                .POST(HttpRequest.BodyPublishers.ofString(read)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(forgedWithAHeader.statusCode()).as("the session and a made-up Authorization header").isEqualTo(403);
        HttpResponse<String> hawtio = browser.send(HttpRequest.newBuilder(uri("/actuator/jolokia"))
                .header("Content-Type", "application/json").header("X-XSRF-TOKEN", xsrf)
                .POST(HttpRequest.BodyPublishers.ofString(read)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(hawtio.statusCode()).as("as hawtio sends it").isEqualTo(200);
        assertThat(JSON.readTree(hawtio.body()).path("status").asInt()).isEqualTo(200);
    }

    @Test
    void every_answer_carries_the_security_headers_and_hsts_only_behind_tls() {
        String tenantId = api.tenant("Headers");
        Api.Response apiAnswer = api.get("/contacts?tenantId=" + tenantId);
        Api.Response apiRefusal = api.anonymous().get("/contacts");
        Api.Response actuator = api.as(Api.ADMIN_KEY).get("/actuator/prometheus");
        Api.Response health = api.anonymous().get("/actuator/health");
        for (Api.Response answer : List.of(apiAnswer, apiRefusal, actuator, health)) {
            assertThat(answer.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(answer.headers().firstValue("Strict-Transport-Security")).as("plain HTTP: no HSTS").isEmpty();
        }
        for (Api.Response answer : List.of(apiAnswer, apiRefusal)) {
            assertThat(answer.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v)
                    .contains("no-store"));
        }
        Map<String, String> viaTls = Map.of("X-Forwarded-Proto", "https");
        for (Api.Response answer : List.of(api.get("/contacts?tenantId=" + tenantId, viaTls),
                api.as(Api.ADMIN_KEY).get("/actuator/prometheus", viaTls), api.anonymous().get("/actuator/health", viaTls))) {
            assertThat(answer.headers().firstValue("Strict-Transport-Security"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("max-age="));
        }
    }

    @Test
    void a_path_that_could_mean_two_things_is_400_in_the_envelope() throws IOException {
        for (String path : List.of("/actuator/health/..;/prometheus", "/actuator;x=1/prometheus",
                "/actuator/health/%2e%2e/prometheus", "/contacts/%5c", "/actuator//prometheus")) {
            HttpResponse<String> answer = send(HttpRequest.newBuilder(uri(path)).build());
            assertThat(answer.statusCode()).as(path).isEqualTo(400);
            assertThat(JSON.readTree(answer.body()).path("error").path("code").asText()).as(path)
                    .isEqualTo("VALIDATION_ERROR");
            assertThat(answer.body()).doesNotContain("jvm_memory_used_bytes");
        }
    }

    private HttpResponse<String> login(HttpClient browser, String user, String password, String csrf) throws Exception {
        String form = "username=" + encode(user) + "&password=" + encode(password) + "&_csrf=" + encode(csrf);
        return browser.send(HttpRequest.newBuilder(uri("/login")).header("Content-Type",
                "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static Map<String, String> basic(String user, String password) {
        return Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8)));
    }
}
