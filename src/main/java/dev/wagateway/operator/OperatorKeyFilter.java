package dev.wagateway.operator;

import java.io.IOException;

import dev.wagateway.tenant.ApiKeys;
import dev.wagateway.tenant.OperatorKey;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The operator key on the operator's surfaces: {@code X-API-Key} or {@code Authorization: Bearer} (what Prometheus
 * sends) equal to {@code ADMIN_API_KEY} (compared in constant time, {@link OperatorKey}) makes the request the
 * operator's, for this request only (no session). Anything else passes on unauthenticated: HTTP Basic, the session of
 * the login form, or the 401 of {@link OperatorEntryPoint}. Not a bean: it is in the operator's filter chain only.
 */
final class OperatorKeyFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";

    private final OperatorKey operatorKey;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    OperatorKeyFilter(OperatorKey operatorKey) {
        this.operatorKey = operatorKey;
    }

    /**
     * Whether the request is a script's: it carries credentials of its own (a key, Bearer or Basic) and no session
     * cookie. A forged request rides on the browser's session cookie, so one that has it needs the CSRF token whatever
     * else it carries.
     */
    static boolean scriptCall(HttpServletRequest request) {
        return (request.getHeader(ApiKeys.HEADER) != null || request.getHeader("Authorization") != null)
                && request.getRequestedSessionId() == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (operatorKey.matches(presentedKey(request))) {
            SecurityContext context = contexts.createEmptyContext();
            context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated("operator-key", null,
                    OperatorAuthentication.AUTHORITIES));
            contexts.setContext(context);
        }
        chain.doFilter(request, response);
    }

    private static String presentedKey(HttpServletRequest request) {
        String key = request.getHeader(ApiKeys.HEADER);
        if (key != null) {
            return key;
        }
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return authorization.substring(BEARER.length());
        }
        return null;
    }
}
