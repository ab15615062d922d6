package dev.wagateway.api;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.spi.RestClientRequestValidator;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * What Camel checks of each request against the contract ({@code openapi.yaml}) before the operation's route runs:
 * the body's {@code Content-Type} is one the operation takes (else 415 {@code UNSUPPORTED_MEDIA_TYPE}) and the
 * {@code Accept} header allows one media type it answers with (else 406 {@code NOT_ACCEPTABLE}), both in the envelope.
 * Everything else about a request (its body, ids, query values, key) is the route's to judge, with the contract's codes.
 * Camel uses this bean in place of its default validator (one {@link RestClientRequestValidator} in the registry).
 */
@Component
public class ContractMediaTypes implements RestClientRequestValidator {

    private final ObjectMapper json;

    public ContractMediaTypes(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public ValidationError validate(Exchange exchange, ValidationContext operation) {
        String contentType = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
        if (operation.consumes() != null && contentType != null && !anyIncludes(operation.consumes(), contentType)) {
            return refuse(exchange, ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type must be " + operation.consumes());
        }
        String accept = exchange.getMessage().getHeader("Accept", String.class);
        if (operation.produces() != null && accept != null && !accepts(accept, operation.produces())) {
            return refuse(exchange, ErrorCode.NOT_ACCEPTABLE, "This call answers " + operation.produces());
        }
        return null;
    }

    /** Does one of the comma-separated media types {@code offered} include {@code wanted}? Unparseable: no. */
    private static boolean anyIncludes(String offered, String wanted) {
        try {
            List<MediaType> types = MediaType.parseMediaTypes(offered);
            if (types.contains(MediaType.ALL)) {
                return true; // any body, whatever its label (Meta's webhook, stored raw)
            }
            MediaType type = MediaType.parseMediaType(wanted);
            return types.stream().anyMatch(o -> o.includes(type));
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    /** Does the {@code Accept} header allow one of {@code produced}? An unparseable header: no. */
    private static boolean accepts(String accept, String produced) {
        try {
            List<MediaType> offered = MediaType.parseMediaTypes(produced);
            if (offered.contains(MediaType.ALL)) {
                return true; // an answer whatever Accept says (Meta's verification request)
            }
            List<MediaType> acceptable = MediaType.parseMediaTypes(accept).stream()
                    .filter(a -> a.getQualityValue() > 0).toList(); // q=0: "not this one"
            return offered.stream()
                    .anyMatch(p -> acceptable.stream().anyMatch(a -> a.isCompatibleWith(p)));
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    private ValidationError refuse(Exchange exchange, ErrorCode code, String message) {
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        try {
            return new ValidationError(code.httpStatus(), json.writeValueAsString(Envelope.error(code, message)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
