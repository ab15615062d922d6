package dev.wagateway.message.content;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wagateway.api.ApiException;

/**
 * {@code interactive}: {@code {header?, body, footer?}} and exactly one of {@code buttons} (reply buttons),
 * {@code list} or {@code ctaUrl}; written as the Cloud API's interactive object of type {@code button}, {@code list}
 * or {@code cta_url}: {@code {"type", "header": {"type": "text", "text"}, "body": {"text"}, "footer": {"text"},
 * "action"}}. A text header only; header and footer at most 60 characters, the body 1,024.
 */
final class InteractiveContent {

    static final int MAX_HEADER = 60;
    static final int MAX_BODY = 1024;
    static final int MAX_FOOTER = 60;
    static final int MAX_CTA_TEXT = 20;

    private InteractiveContent() {
    }

    static ObjectNode of(JsonNode interactive) {
        Fields.object(interactive, "interactive");
        JsonNode buttons = interactive.get("buttons");
        JsonNode list = interactive.get("list");
        JsonNode ctaUrl = interactive.get("ctaUrl");
        int kinds = (Fields.absent(buttons) ? 0 : 1) + (Fields.absent(list) ? 0 : 1) + (Fields.absent(ctaUrl) ? 0 : 1);
        if (kinds != 1) {
            throw ApiException.validation("interactive must have exactly one of buttons, list and ctaUrl");
        }
        String kind = !Fields.absent(buttons) ? "button" : !Fields.absent(list) ? "list" : "cta_url";
        ObjectNode content = JsonNodeFactory.instance.objectNode();
        content.put("type", kind);
        String header = Fields.optionalText(interactive.get("header"), "interactive.header", MAX_HEADER);
        if (header != null) {
            content.putObject("header").put("type", "text").put("text", header);
        }
        content.putObject("body").put("text", Fields.text(interactive.get("body"), "interactive.body", MAX_BODY));
        String footer = Fields.optionalText(interactive.get("footer"), "interactive.footer", MAX_FOOTER);
        if (footer != null) {
            content.putObject("footer").put("text", footer);
        }
        content.set("action", switch (kind) {
            case "button" -> InteractiveActions.buttons(buttons);
            case "list" -> InteractiveActions.list(list);
            default -> ctaUrl(ctaUrl);
        });
        return content;
    }

    /** {@code {displayText, url}} as {@code {"name": "cta_url", "parameters": {"display_text", "url"}}}. */
    private static ObjectNode ctaUrl(JsonNode ctaUrl) {
        Fields.object(ctaUrl, "interactive.ctaUrl");
        ObjectNode action = JsonNodeFactory.instance.objectNode();
        action.put("name", "cta_url");
        action.putObject("parameters")
                .put("display_text", Fields.text(ctaUrl.get("displayText"), "interactive.ctaUrl.displayText",
                        MAX_CTA_TEXT))
                .put("url", Fields.httpsUrl(ctaUrl.get("url"), "interactive.ctaUrl.url"));
        return action;
    }
}
