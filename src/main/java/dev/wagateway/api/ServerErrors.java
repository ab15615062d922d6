package dev.wagateway.api;

import java.io.IOException;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The answer to what no route answers: an unknown path (404 {@code NOT_FOUND}), a method the path has not (405
 * {@code METHOD_NOT_ALLOWED}), and whatever else the web server refuses before the application sees it, in the API's
 * envelope whatever the request's {@code Accept} says (never an HTML page, never an empty body). Replaces Spring
 * Boot's {@code BasicErrorController} at {@code /error}; {@link ErrorReports} sends Tomcat's own refusals here too;
 * {@link ContractPaths} answers what it refuses of the contract's paths with the same envelope.
 */
@Controller
public class ServerErrors implements ErrorController {

    private final ObjectMapper json;

    public ServerErrors(ObjectMapper json) {
        this.json = json;
    }

    @RequestMapping("${server.error.path:${error.path:/error}}")
    public void answer(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object attribute = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = attribute instanceof Integer code ? code : response.getStatus();
        write(response, status, json);
    }

    /** Writes the envelope for an HTTP status: the code the contract has for it. */
    static void write(HttpServletResponse response, int status, ObjectMapper json) throws IOException {
        ErrorCode code = codeFor(status);
        write(response, status < 400 ? code.httpStatus() : status, code, messageOf(code), json);
    }

    /** Writes the envelope with this status, code and message. */
    static void write(HttpServletResponse response, int status, ErrorCode code, String message, ObjectMapper json)
            throws IOException {
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), Envelope.error(code, message));
    }

    static ErrorCode codeFor(int status) {
        return switch (status) {
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 406 -> ErrorCode.NOT_ACCEPTABLE;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case 503 -> ErrorCode.SERVICE_UNAVAILABLE;
            default -> status >= 400 && status < 500 ? ErrorCode.VALIDATION_ERROR : ErrorCode.INTERNAL_ERROR;
        };
    }

    private static String messageOf(ErrorCode code) {
        return switch (code) {
            case NOT_FOUND -> "No such path";
            case METHOD_NOT_ALLOWED -> "This path does not take this method";
            case NOT_ACCEPTABLE -> "This path answers application/json";
            case UNSUPPORTED_MEDIA_TYPE -> "Content-Type must be application/json";
            case PAYLOAD_TOO_LARGE -> "Request too large";
            case VALIDATION_ERROR -> "The request could not be read";
            case INTERNAL_ERROR -> "Internal error";
            default -> code.name();
        };
    }
}
