package dev.wagateway.api;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The contract's paths and methods, held before Camel sees a request. Camel's contract route takes every path below
 * the contract's (platform-http maps each with a prefix) and would answer what matches no operation with an empty
 * 404 or 405 that echoes the request's headers; here, in the envelope:
 * <ul>
 * <li>a path below the contract's that is none of them ({@code /tenants/{id}/nothing}): 404 {@code NOT_FOUND};
 * <li>a path of the contract with a method it has not: 405 {@code METHOD_NOT_ALLOWED} with {@code Allow} (a literal
 * path wins over a template, as OpenAPI and Camel choose: {@code GET /messages/send} is 405);
 * <li>a call's path whose parameter is empty or holds {@code ;} parameters ({@code /tenants//whatsapp}), a query with a
 * bad {@code %} escape or a NUL, or a query parameter given twice: 400 {@code VALIDATION_ERROR};
 * <li>a form posted to any call: 415 {@code UNSUPPORTED_MEDIA_TYPE} (platform-http would parse it first, and fail).
 * </ul>
 * The contract's path a request matched is left in its {@link #PATH} attribute ({@link ApiRequestUris} tags the
 * request's metrics with it).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
public class ContractPaths extends OncePerRequestFilter {

    /** Request attribute: the contract's path the request matched ({@code /messages/{id}/cancel}). */
    public static final String PATH = ContractPaths.class.getName() + ".path";

    private static final String FORM = "application/x-www-form-urlencoded";
    private static final Pattern BAD_ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})|%00");

    /** A path of the contract: the template, any value below it, its raw form with any parameter, its methods. */
    private record Call(PathPattern template, PathPattern below, Pattern raw, boolean literal, Set<String> methods) {
    }

    private final List<Call> calls;
    private final ObjectMapper json;

    public ContractPaths(ApiContract contract, ObjectMapper json) {
        PathPatternParser parser = PathPatternParser.defaultInstance;
        this.calls = contract.paths().entrySet().stream().map(path -> new Call(parser.parse(path.getKey()),
                parser.parse(path.getKey() + "/{*below}"), anyParameter(path.getKey()), !path.getKey().contains("{"),
                path.getValue())).toList();
        this.json = json;
    }

    /** {@code /tenants/{id}/whatsapp} → a pattern of the raw path where the parameter may be anything but a slash. */
    private static Pattern anyParameter(String template) {
        StringBuilder regex = new StringBuilder();
        for (String part : template.split("(?=\\{)|(?<=})")) {
            regex.append(part.startsWith("{") ? "[^/]*" : Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String raw = request.getRequestURI();
        PathContainer path = PathContainer.parsePath(raw);
        List<Call> matching = calls.stream().filter(call -> call.template().matches(path)).toList();
        if (matching.isEmpty()) {
            if (calls.stream().anyMatch(call -> call.raw().matcher(raw).matches())) {
                refuse(response, ErrorCode.VALIDATION_ERROR, "A path parameter is empty or malformed");
            } else if (calls.stream().anyMatch(call -> call.below().matches(path))) {
                ServerErrors.write(response, HttpServletResponse.SC_NOT_FOUND, json);
            } else {
                chain.doFilter(request, response); // not the contract's: the actuator, /api-doc...
            }
            return;
        }
        request.setAttribute(PATH, matching.stream().filter(Call::literal).findFirst().orElse(matching.get(0))
                .template().getPatternString());
        Set<String> allowed = allowed(matching);
        String method = "HEAD".equals(request.getMethod()) ? "GET" : request.getMethod();
        if (!allowed.contains(method) && !"OPTIONS".equals(method)) {
            response.setHeader("Allow", String.join(", ", allowed));
            refuse(response, ErrorCode.METHOD_NOT_ALLOWED, "This path does not take " + request.getMethod());
            return;
        }
        if ("POST".equals(method) && request.getContentType() != null
                && request.getContentType().toLowerCase(Locale.ROOT).startsWith(FORM)) {
            // platform-http would parse the form before any check, and fail on a body that is not one: a 500
            refuse(response, ErrorCode.UNSUPPORTED_MEDIA_TYPE, "No call takes a form: send application/json");
            return;
        }
        String query = request.getQueryString();
        if (query != null && BAD_ESCAPE.matcher(query).find()) {
            refuse(response, ErrorCode.VALIDATION_ERROR, "The query string has a bad % escape or a NUL");
            return;
        }
        String repeated = repeatedParameter(query);
        if (repeated != null) {
            refuse(response, ErrorCode.VALIDATION_ERROR, "Query parameter " + repeated + " is given twice");
            return;
        }
        chain.doFilter(request, response);
    }

    /** The methods of the literal path among those that match, else of every template that matches. */
    private static Set<String> allowed(List<Call> matching) {
        Set<String> allowed = new TreeSet<>();
        matching.stream().filter(Call::literal).findFirst().ifPresentOrElse(
                literal -> allowed.addAll(literal.methods()),
                () -> matching.forEach(call -> allowed.addAll(call.methods())));
        return allowed;
    }

    /** The name of a query parameter given more than once (a name too odd to read counts as its raw self). */
    private static String repeatedParameter(String query) {
        if (query == null) {
            return null;
        }
        Set<String> seen = new HashSet<>();
        for (String pair : query.split("&")) {
            String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
            try {
                name = URLDecoder.decode(name, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException odd) {
                // kept raw
            }
            if (!name.isEmpty() && !seen.add(name)) {
                return name.length() > 40 ? name.substring(0, 40) + "…" : name;
            }
        }
        return null;
    }

    private void refuse(HttpServletResponse response, ErrorCode code, String message) throws IOException {
        ServerErrors.write(response, code.httpStatus(), code, message, json);
    }
}
