package dev.wagateway.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Meta's webhook payloads (copies under src/test/resources/webhooks), edited and signed as Meta would sign them. */
public final class MetaPayloads {

    /** The test profile's {@code webhook.app-secret} and {@code whatsapp.phone-number-id}. */
    public static final String SECRET = "test-app-secret";
    public static final String PHONE_NUMBER_ID = "1234567890";
    private static final ObjectMapper JSON = new ObjectMapper();

    private MetaPayloads() {
    }

    /** {@code entry[0].changes[0].value} of a fixture, with our phone number id; edit it, then {@link #bytes}. */
    public static ObjectNode payload(String name) {
        try (InputStream in = MetaPayloads.class.getResourceAsStream("/webhooks/" + name)) {
            ObjectNode tree = (ObjectNode) JSON.readTree(in);
            ((ObjectNode) value(tree).path("metadata")).put("phone_number_id", PHONE_NUMBER_ID);
            return tree;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An inbound-message fixture as sent by {@code phone} (E.164), with this WhatsApp id and time. */
    public static ObjectNode inbound(String fixture, String phone, String wamid, long epochSeconds) {
        ObjectNode tree = payload(fixture);
        ObjectNode value = value(tree);
        String from = phone.substring(1);
        ObjectNode contact = (ObjectNode) value.path("contacts").path(0);
        if (!contact.isMissingNode()) {
            contact.put("wa_id", from);
        }
        ObjectNode message = (ObjectNode) value.path("messages").path(0);
        message.put("from", from);
        message.put("id", wamid);
        message.put("timestamp", String.valueOf(epochSeconds));
        return tree;
    }

    /** A status fixture about the message with this WhatsApp id, at this time. */
    public static ObjectNode status(String fixture, String wamid, long epochSeconds) {
        ObjectNode tree = payload(fixture);
        ObjectNode status = (ObjectNode) value(tree).path("statuses").path(0);
        status.put("id", wamid);
        status.put("timestamp", String.valueOf(epochSeconds));
        return tree;
    }

    /** The payload, as sent for another phone number id than the global one. */
    public static ObjectNode forNumber(ObjectNode tree, String phoneNumberId) {
        ((ObjectNode) value(tree).path("metadata")).put("phone_number_id", phoneNumberId);
        return tree;
    }

    public static ObjectNode value(JsonNode tree) {
        return (ObjectNode) tree.path("entry").path(0).path("changes").path(0).path("value");
    }

    public static ObjectNode tree(byte[] body) {
        try {
            return (ObjectNode) JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] bytes(JsonNode tree) {
        try {
            return JSON.writeValueAsBytes(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code X-Hub-Signature-256} for this body. */
    public static String sign(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
