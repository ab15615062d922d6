package dev.wagateway.operator;

import java.io.IOException;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wagateway.api.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.stereotype.Component;

/**
 * Spring Security's firewall, as strict as it comes on the path (no {@code ;}, no encoded {@code /}, {@code \},
 * {@code %} or {@code .}, no {@code //}, nothing but a normalised path: what could make a path mean one thing to the
 * security rules and another to the dispatcher), and its refusal a 400 {@code VALIDATION_ERROR} in the API's envelope
 * rather than a 500. It leaves alone what the API judges itself: any method (TRACE is the dispatcher's 405 in the
 * envelope), any header and parameter name or value (the routes refuse what they cannot read, in the envelope).
 */
@Component
public class FirewallRejections implements RequestRejectedHandler {

    private final ObjectMapper json;

    public FirewallRejections(ObjectMapper json) {
        this.json = json;
    }

    HttpFirewall firewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setUnsafeAllowAnyHttpMethod(true);
        firewall.setAllowedHeaderNames(name -> true);
        firewall.setAllowedHeaderValues(value -> true);
        firewall.setAllowedParameterNames(name -> true);
        firewall.setAllowedParameterValues(value -> true);
        return firewall;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException rejected)
            throws IOException {
        OperatorEntryPoint.writeEnvelope(response, ErrorCode.VALIDATION_ERROR,
                "The request's path is malformed or ambiguous", json);
    }
}
