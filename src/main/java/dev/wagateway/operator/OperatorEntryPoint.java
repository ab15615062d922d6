package dev.wagateway.operator;

import java.io.IOException;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wagateway.api.Envelope;
import dev.wagateway.api.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.stereotype.Component;
import org.springframework.web.accept.HeaderContentNegotiationStrategy;

/**
 * What the operator's surfaces answer a caller who is not the operator: a browser (one that asks for HTML) is sent to
 * the login form; anyone else gets 401 {@code UNAUTHORIZED} in the API's envelope, and 403 {@code FORBIDDEN} when
 * refused although logged in (a form post without its CSRF token). The challenge names Bearer, never Basic, so a
 * browser never caches a Basic login that a forged request could ride on.
 */
@Component
public class OperatorEntryPoint implements AuthenticationEntryPoint, AccessDeniedHandler {

    static final String LOGIN = "/login";

    private final ObjectMapper json;
    private final LoginUrlAuthenticationEntryPoint loginForm = new LoginUrlAuthenticationEntryPoint(LOGIN);
    private final RequestMatcher browser;

    public OperatorEntryPoint(ObjectMapper json) {
        this.json = json;
        MediaTypeRequestMatcher html = new MediaTypeRequestMatcher(new HeaderContentNegotiationStrategy(),
                MediaType.TEXT_HTML);
        html.setIgnoredMediaTypes(Set.of(MediaType.ALL));
        this.browser = html;
    }

    /** A request from a browser that asks for a page (it is sent to the login form, and back after it). */
    RequestMatcher browser() {
        return browser;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException refused)
            throws IOException, jakarta.servlet.ServletException {
        if (browser.matches(request)) {
            loginForm.commence(request, response, refused);
            return;
        }
        response.setHeader("WWW-Authenticate", "Bearer realm=\"whatsapp-gateway\"");
        write(response, ErrorCode.UNAUTHORIZED, "This needs the operator key (X-API-Key or Authorization: Bearer) or"
                + " the operator's login (HTTP Basic)");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        write(response, ErrorCode.FORBIDDEN, "Refused: a console request without its XSRF-TOKEN, or not the operator");
    }

    private void write(HttpServletResponse response, ErrorCode code, String message) throws IOException {
        writeEnvelope(response, code, message, json);
    }

    static void writeEnvelope(HttpServletResponse response, ErrorCode code, String message, ObjectMapper json)
            throws IOException {
        response.resetBuffer();
        response.setStatus(code.httpStatus());
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), Envelope.error(code, message));
    }
}
