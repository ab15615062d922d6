package dev.wagateway.message.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wagateway.api.ApiException;
import dev.wagateway.api.ErrorCode;
import dev.wagateway.message.content.MessageContents.Content;
import dev.wagateway.message.content.MessageContents.ContentFields;
import org.junit.jupiter.api.Test;

/** The content package alone (no Spring, no database): what each type is stored and sent as, at the limits. */
class MessageContentsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static ContentFields fields(String media, String caption, String filename, String location,
            String interactive, String reaction) {
        return new ContentFields(media == null ? null : json(media), caption, filename,
                location == null ? null : json(location), interactive == null ? null : json(interactive),
                reaction == null ? null : json(reaction));
    }

    @Test
    void media_keeps_link_or_id_caption_and_filename_in_that_order_and_takes_the_limits_exactly() {
        String caption = "c".repeat(MediaContent.MAX_CAPTION);
        Content document = MessageContents.of("document", fields("{\"id\": \"123\"}", caption, "a.pdf", null, null,
                null));
        assertThat(document.json()).isEqualTo("{\"id\":\"123\",\"caption\":\"" + caption + "\",\"filename\":\"a.pdf\"}");
        assertThat(document.reactionTarget()).isNull();
        assertThat(MessageContents.of("image", fields("{\"link\": \"HTTPS://example.com/a.jpg\", \"id\": null}",
                null, null, null, null, null)).json()).isEqualTo("{\"link\":\"HTTPS://example.com/a.jpg\"}");
    }

    @Test
    void an_emoji_counts_as_one_character_in_a_title() {
        String title = "\uD83D\uDC4D".repeat(InteractiveActions.MAX_BUTTON_TITLE);
        String json = MessageContents.of("interactive", fields(null, null, null, null,
                "{\"body\": \"b\", \"buttons\": [{\"id\": \"x\", \"title\": \"" + title + "\"}]}", null)).json();
        assertThat(json(json).path("action").path("buttons").path(0).path("reply").path("title").asText())
                .isEqualTo(title);
    }

    @Test
    void a_reaction_is_written_with_its_target_left_for_the_lookup_then_filled_in() {
        UUID target = UUID.randomUUID();
        Content reaction = MessageContents.of("reaction", fields(null, null, null, null, null,
                "{\"messageId\": \"" + target + "\", \"emoji\": \"\\u2764\\uFE0F\"}"));
        assertThat(reaction.reactionTarget()).isEqualTo(target);
        assertThat(MessageContents.reactingTo(reaction.json(), "wamid.X"))
                .isEqualTo("{\"message_id\":\"wamid.X\",\"emoji\":\"\u2764\uFE0F\"}");
    }

    @Test
    void a_location_at_the_poles_and_the_date_line_is_in_range() {
        assertThat(json(MessageContents.of("location", fields(null, null, null,
                "{\"latitude\": -90, \"longitude\": 180}", null, null)).json()))
                .isEqualTo(json("{\"latitude\": -90.0, \"longitude\": 180.0}"));
    }

    @Test
    void an_unknown_type_is_a_validation_error_listing_the_types() {
        assertThatThrownBy(() -> MessageContents.of("poll", fields(null, null, null, null, null, null)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
                    assertThat(e.getMessage()).contains("image, video, audio, document, sticker, location");
                });
    }
}
