package dev.wagateway.operator;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The operator's paths, matched on the decoded, normalised path the dispatcher routes by (servlet path and path
 * info; the firewall refuses what could make the two differ): the actuator with hawtio and Jolokia under it, and the
 * login form's {@code /login}, {@code /logout} and stylesheet. Of those, {@code health} (with its probes), {@code info}
 * and the login form itself are open.
 */
final class OperatorPaths {

    static final String ACTUATOR = "/actuator";
    /** The stylesheet of Spring Security's login and logout pages (its DefaultResourcesFilter serves it). */
    static final String LOGIN_STYLE = "/default-ui.css";

    private OperatorPaths() {
    }

    /** Every path of the operator's filter chain. */
    static RequestMatcher surfaces() {
        return request -> {
            String path = path(request);
            return under(path, ACTUATOR) || path.equals(OperatorEntryPoint.LOGIN) || path.equals("/logout")
                    || path.equals(LOGIN_STYLE);
        };
    }

    /** The paths of it anyone may reach. */
    static RequestMatcher open() {
        return request -> {
            String path = path(request);
            return under(path, ACTUATOR + "/health") || under(path, ACTUATOR + "/info")
                    || path.equals(OperatorEntryPoint.LOGIN) || path.equals(LOGIN_STYLE);
        };
    }

    private static String path(HttpServletRequest request) {
        return request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    }

    private static boolean under(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }
}
