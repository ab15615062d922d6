package dev.wagateway.message.content;

import java.util.HashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wagateway.api.ApiException;

/**
 * The {@code action} of an interactive {@code button} or {@code list} message, with Meta's limits: 1 to 3 reply
 * buttons, ids unique and at most 256 characters, titles at most 20; a list's button text at most 20, 1 to 10
 * sections (a title, at most 24 characters, on each when there are several), 1 to 10 rows in all, row ids unique
 * (at most 200), titles at most 24, descriptions at most 72.
 */
final class InteractiveActions {

    static final int MAX_BUTTONS = 3;
    static final int MAX_BUTTON_ID = 256;
    static final int MAX_BUTTON_TITLE = 20;
    static final int MAX_LIST_BUTTON = 20;
    static final int MAX_SECTIONS = 10;
    static final int MAX_SECTION_TITLE = 24;
    static final int MAX_ROWS = 10;
    static final int MAX_ROW_ID = 200;
    static final int MAX_ROW_TITLE = 24;
    static final int MAX_ROW_DESCRIPTION = 72;

    private InteractiveActions() {
    }

    /** {@code [{id, title}]} as {@code {"buttons": [{"type": "reply", "reply": {"id", "title"}}]}}. */
    static ObjectNode buttons(JsonNode buttons) {
        if (!buttons.isArray() || buttons.isEmpty() || buttons.size() > MAX_BUTTONS) {
            throw ApiException.validation("interactive.buttons must be an array of 1 to " + MAX_BUTTONS + " buttons");
        }
        ObjectNode action = JsonNodeFactory.instance.objectNode();
        ArrayNode out = action.putArray("buttons");
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < buttons.size(); i++) {
            String field = "interactive.buttons[" + i + "]";
            JsonNode button = Fields.object(buttons.get(i), field);
            String id = Fields.text(button.get("id"), field + ".id", MAX_BUTTON_ID);
            if (!ids.add(id)) {
                throw ApiException.validation(field + ".id repeats another button's id");
            }
            ObjectNode reply = out.addObject().put("type", "reply").putObject("reply");
            reply.put("id", id);
            reply.put("title", Fields.text(button.get("title"), field + ".title", MAX_BUTTON_TITLE));
        }
        return action;
    }

    /** {@code {button, sections: [{title?, rows: [{id, title, description?}]}]}}: the same names in Meta's shape. */
    static ObjectNode list(JsonNode list) {
        Fields.object(list, "interactive.list");
        ObjectNode action = JsonNodeFactory.instance.objectNode();
        action.put("button", Fields.text(list.get("button"), "interactive.list.button", MAX_LIST_BUTTON));
        JsonNode sections = list.get("sections");
        if (sections == null || !sections.isArray() || sections.isEmpty() || sections.size() > MAX_SECTIONS) {
            throw ApiException.validation("interactive.list.sections must be an array of 1 to " + MAX_SECTIONS
                    + " sections");
        }
        ArrayNode out = action.putArray("sections");
        Set<String> ids = new HashSet<>();
        for (int s = 0; s < sections.size(); s++) {
            String field = "interactive.list.sections[" + s + "]";
            JsonNode section = Fields.object(sections.get(s), field);
            ObjectNode written = out.addObject();
            String title = sections.size() > 1
                    ? Fields.text(section.get("title"), field + ".title (required with several sections)",
                            MAX_SECTION_TITLE)
                    : Fields.optionalText(section.get("title"), field + ".title", MAX_SECTION_TITLE);
            if (title != null) {
                written.put("title", title);
            }
            JsonNode rows = section.get("rows");
            if (rows == null || !rows.isArray() || rows.isEmpty()) {
                throw ApiException.validation(field + ".rows must be an array of at least one row");
            }
            ArrayNode writtenRows = written.putArray("rows");
            for (int r = 0; r < rows.size(); r++) {
                String rowField = field + ".rows[" + r + "]";
                JsonNode row = Fields.object(rows.get(r), rowField);
                String id = Fields.text(row.get("id"), rowField + ".id", MAX_ROW_ID);
                if (!ids.add(id)) {
                    throw ApiException.validation(rowField + ".id repeats another row's id");
                }
                if (ids.size() > MAX_ROWS) {
                    throw ApiException.validation("interactive.list.sections must hold at most " + MAX_ROWS
                            + " rows in all");
                }
                ObjectNode written1 = writtenRows.addObject();
                written1.put("id", id);
                written1.put("title", Fields.text(row.get("title"), rowField + ".title", MAX_ROW_TITLE));
                String description = Fields.optionalText(row.get("description"), rowField + ".description",
                        MAX_ROW_DESCRIPTION);
                if (description != null) {
                    written1.put("description", description);
                }
            }
        }
        return action;
    }
}
