package dev.wagateway.monitoring;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wagateway.api.Envelope;
import dev.wagateway.api.ErrorCode;
import dev.wagateway.tenant.ApiKeys;
import dev.wagateway.tenant.OperatorKey;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The actuator is the operator's: {@code /actuator/health} (and its probes) stays open for load balancers and
 * orchestrators, and {@code /actuator/info} (version, commit, Graph API version: no secrets) for whoever runs it;
 * the console ({@code /actuator/hawtio}) and {@code /actuator/jolokia} ask for the operator's login themselves
 * (hawtio's JAAS filter); everything else ({@code prometheus}...) needs the operator key,
 * as {@code X-API-Key} or {@code Authorization: Bearer} (what Prometheus sends), or the operator's login as HTTP
 * Basic. Otherwise 401 UNAUTHORIZED in the API's envelope.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class ActuatorGuard extends OncePerRequestFilter {

    private static final String BASE = "/actuator";

    private final OperatorKey operatorKey;
    private final JmxSettings operator;
    private final ObjectMapper json;

    public ActuatorGuard(OperatorKey operatorKey, JmxSettings operator, ObjectMapper json) {
        this.operatorKey = operatorKey;
        this.operator = operator;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        // the decoded, normalised path the dispatcher routes by ("/actuator/health/../prometheus" is not health)
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        if (!path.equals(BASE) && !path.startsWith(BASE + "/")) {
            return true;
        }
        String rest = path.substring(BASE.length());
        return under(rest, "/health") || under(rest, "/info") || under(rest, "/hawtio") || under(rest, "/jolokia");
    }

    private static boolean under(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (isOperator(request)) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(ErrorCode.UNAUTHORIZED.httpStatus());
        response.setHeader("WWW-Authenticate", "Bearer realm=\"whatsapp-gateway\"");
        response.setContentType("application/json");
        json.writeValue(response.getOutputStream(), Envelope.error(ErrorCode.UNAUTHORIZED,
                "The actuator needs the operator key (X-API-Key or Authorization: Bearer) or the operator's login"));
    }

    private boolean isOperator(HttpServletRequest request) {
        if (operatorKey.matches(request.getHeader(ApiKeys.HEADER))) {
            return true;
        }
        String authorization = request.getHeader("Authorization");
        if (authorization == null) {
            return false;
        }
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return operatorKey.matches(authorization.substring(7).strip());
        }
        if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String[] login = new String(Base64.getDecoder().decode(authorization.substring(6).strip()),
                        StandardCharsets.UTF_8).split(":", 2);
                return login.length == 2 && operator.isOperator(login[0], login[1]);
            } catch (IllegalArgumentException notBase64) {
                return false;
            }
        }
        return false;
    }
}
