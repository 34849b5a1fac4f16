package io.orderpipeline.shared.message;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.UUID;

/**
 * The one JSON codec of the pipeline's messages and reference data. Decoding validates every field the
 * pipeline relies on and rejects a bad message with an {@link InvalidMessageException} naming the field;
 * encoding writes the formats of DESIGN.md. Hand-written on Jackson's tree and streaming APIs, so it needs
 * no reflection (native images) and its errors say exactly what is wrong.
 */
public final class MessageCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    private static final JsonFactory FACTORY = MAPPER.getFactory()
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private MessageCodec() {
    }

    // ---- order-service_orders: the upstream event ----

    public static IncomingEvent decodeIncomingEvent(byte[] json) {
        JsonFields event = parse(json);
        String objectType = event.text("object_type");
        if (!OrderEvent.ORDER_TYPE.equals(objectType)) {
            return new IncomingEvent.Other(objectType);
        }
        long objectId = event.integer("object_id");
        LocalDateTime sentDttm = event.timestamp("sent_dttm");
        JsonFields payload = event.object("payload");
        OrderEvent.Payload decoded = new OrderEvent.Payload(
                payload.object("restaurant").id("id"),
                payload.timestamp("date"),
                payload.object("user").id("id"),
                payload.array("order_items", item -> new OrderEvent.Item(
                        item.id("id"), item.text("name"), item.amount("price"), item.quantity("quantity"))),
                payload.optionalAmount("bonus_payment"),
                payload.amount("cost"),
                payload.amount("payment"),
                payload.optionalAmount("bonus_grant"),
                payload.optionalArray("statuses", status -> new OrderEvent.StatusChange(
                        status.text("status"), status.timestamp("dttm"))),
                payload.text("final_status"),
                payload.timestamp("update_ts"));
        return new IncomingEvent.Order(
                new OrderEvent(objectId, objectType, sentDttm, decoded, payload.node().toString()));
    }

    public static byte[] encode(OrderEvent event) {
        return write(json -> {
            json.writeStartObject();
            json.writeNumberField("object_id", event.objectId());
            json.writeStringField("object_type", event.objectType());
            writeTimestamp(json, "sent_dttm", event.sentDttm());
            OrderEvent.Payload payload = event.payload();
            json.writeObjectFieldStart("payload");
            json.writeObjectFieldStart("restaurant");
            json.writeStringField("id", payload.restaurantId());
            json.writeEndObject();
            writeTimestamp(json, "date", payload.date());
            json.writeObjectFieldStart("user");
            json.writeStringField("id", payload.userId());
            json.writeEndObject();
            json.writeArrayFieldStart("order_items");
            for (OrderEvent.Item item : payload.orderItems()) {
                json.writeStartObject();
                json.writeStringField("id", item.id());
                json.writeStringField("name", item.name());
                writeNumber(json, "price", item.price());
                writeNumber(json, "quantity", item.quantity());
                json.writeEndObject();
            }
            json.writeEndArray();
            writeNumber(json, "bonus_payment", payload.bonusPayment());
            writeNumber(json, "cost", payload.cost());
            writeNumber(json, "payment", payload.payment());
            writeNumber(json, "bonus_grant", payload.bonusGrant());
            json.writeArrayFieldStart("statuses");
            for (OrderEvent.StatusChange status : payload.statuses()) {
                json.writeStartObject();
                json.writeStringField("status", status.status());
                writeTimestamp(json, "dttm", status.dttm());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeStringField("final_status", payload.finalStatus());
            writeTimestamp(json, "update_ts", payload.updateTs());
            json.writeEndObject();
            json.writeEndObject();
        });
    }

    // ---- stg-service-orders: the enriched order ----

    public static EnrichedOrder decodeEnrichedOrder(byte[] json) {
        JsonFields order = parse(json);
        JsonFields payload = order.object("payload");
        JsonFields restaurant = payload.object("restaurant");
        JsonFields user = payload.object("user");
        long objectId = order.integer("object_id");
        // stg publishes orders only: anything else on this topic breaks the contract.
        if (!OrderEvent.ORDER_TYPE.equals(order.text("object_type"))) {
            throw new InvalidMessageException("object_type", "must be '" + OrderEvent.ORDER_TYPE + "'");
        }
        if (payload.integer("id") != objectId) {
            throw new InvalidMessageException("payload.id", "must equal object_id " + objectId);
        }
        return new EnrichedOrder(
                objectId,
                order.text("object_type"),
                order.timestamp("sent_dttm"),
                new EnrichedOrder.Payload(
                        payload.integer("id"),
                        payload.timestamp("date"),
                        payload.amount("cost"),
                        payload.amount("payment"),
                        payload.text("status"),
                        payload.timestamp("update_ts"),
                        new EnrichedOrder.Restaurant(restaurant.id("id"), restaurant.text("name")),
                        new EnrichedOrder.User(user.id("id"), user.text("name"), user.text("login")),
                        payload.array("products", product -> new EnrichedOrder.Product(
                                product.id("id"), product.text("name"), product.amount("price"),
                                product.quantity("quantity"), product.text("category")))));
    }

    public static byte[] encode(EnrichedOrder order) {
        return write(json -> {
            json.writeStartObject();
            json.writeNumberField("object_id", order.objectId());
            json.writeStringField("object_type", order.objectType());
            writeTimestamp(json, "sent_dttm", order.sentDttm());
            EnrichedOrder.Payload payload = order.payload();
            json.writeObjectFieldStart("payload");
            json.writeNumberField("id", payload.id());
            writeTimestamp(json, "date", payload.date());
            writeNumber(json, "cost", payload.cost());
            writeNumber(json, "payment", payload.payment());
            json.writeStringField("status", payload.status());
            writeTimestamp(json, "update_ts", payload.updateTs());
            json.writeObjectFieldStart("restaurant");
            json.writeStringField("id", payload.restaurant().id());
            json.writeStringField("name", payload.restaurant().name());
            json.writeEndObject();
            json.writeObjectFieldStart("user");
            json.writeStringField("id", payload.user().id());
            json.writeStringField("name", payload.user().name());
            json.writeStringField("login", payload.user().login());
            json.writeEndObject();
            json.writeArrayFieldStart("products");
            for (EnrichedOrder.Product product : payload.products()) {
                json.writeStartObject();
                json.writeStringField("id", product.id());
                json.writeStringField("name", product.name());
                writeNumber(json, "price", product.price());
                writeNumber(json, "quantity", product.quantity());
                json.writeStringField("category", product.category());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
            json.writeEndObject();
        });
    }

    // ---- dds-service-orders: what the marts need ----

    public static VaultOrder decodeVaultOrder(byte[] json) {
        JsonFields order = parse(json);
        return new VaultOrder(
                order.integer("order_id"),
                order.uuid("order_key"),
                order.timestamp("update_ts"),
                order.timestamp("sent_dttm"),
                order.text("status"),
                order.uuid("user_key"),
                order.array("products", product -> new VaultOrder.Product(
                        product.uuid("product_key"), product.text("product_name"),
                        product.uuid("category_key"), product.text("category_name"))));
    }

    public static byte[] encode(VaultOrder order) {
        return write(json -> {
            json.writeStartObject();
            json.writeNumberField("order_id", order.orderId());
            writeUuid(json, "order_key", order.orderKey());
            writeTimestamp(json, "update_ts", order.updateTs());
            writeTimestamp(json, "sent_dttm", order.sentDttm());
            json.writeStringField("status", order.status());
            writeUuid(json, "user_key", order.userKey());
            json.writeArrayFieldStart("products");
            for (VaultOrder.Product product : order.products()) {
                json.writeStartObject();
                writeUuid(json, "product_key", product.productKey());
                json.writeStringField("product_name", product.productName());
                writeUuid(json, "category_key", product.categoryKey());
                json.writeStringField("category_name", product.categoryName());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    // ---- Redis reference data ----

    public static ReferenceData.User decodeUser(byte[] json) {
        JsonFields user = parse(json);
        return new ReferenceData.User(user.id("_id"), user.text("name"), user.text("login"),
                user.has("update_ts_utc") ? user.timestamp("update_ts_utc") : null);
    }

    public static byte[] encode(ReferenceData.User user) {
        return write(json -> {
            json.writeStartObject();
            json.writeStringField("_id", user.id());
            json.writeStringField("name", user.name());
            json.writeStringField("login", user.login());
            writeTimestamp(json, "update_ts_utc", user.updateTs());
            json.writeEndObject();
        });
    }

    public static ReferenceData.Restaurant decodeRestaurant(byte[] json) {
        JsonFields restaurant = parse(json);
        return new ReferenceData.Restaurant(
                restaurant.id("_id"),
                restaurant.text("name"),
                restaurant.array("menu", item -> new ReferenceData.MenuItem(
                        item.id("_id"), item.text("name"), item.optionalAmount("price"), item.text("category"))),
                restaurant.has("update_ts_utc") ? restaurant.timestamp("update_ts_utc") : null);
    }

    public static byte[] encode(ReferenceData.Restaurant restaurant) {
        return write(json -> {
            json.writeStartObject();
            json.writeStringField("_id", restaurant.id());
            json.writeStringField("name", restaurant.name());
            json.writeArrayFieldStart("menu");
            for (ReferenceData.MenuItem item : restaurant.menu()) {
                json.writeStartObject();
                json.writeStringField("_id", item.id());
                json.writeStringField("name", item.name());
                writeNumber(json, "price", item.price());
                json.writeStringField("category", item.category());
                json.writeEndObject();
            }
            json.writeEndArray();
            writeTimestamp(json, "update_ts_utc", restaurant.updateTs());
            json.writeEndObject();
        });
    }

    // ---- plumbing ----

    private static JsonFields parse(byte[] json) {
        if (json == null || json.length == 0) {
            throw new InvalidMessageException(null, "the message is empty");
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidMessageException(null, "malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidMessageException(null, "unreadable JSON: " + e.getMessage(), e);
        }
        return JsonFields.root(tree);
    }

    private static void writeTimestamp(JsonGenerator json, String name, LocalDateTime value) throws IOException {
        if (value == null) {
            json.writeNullField(name);
        } else {
            json.writeStringField(name, Timestamps.format(value));
        }
    }

    private static void writeNumber(JsonGenerator json, String name, BigDecimal value) throws IOException {
        if (value == null) {
            json.writeNullField(name);
        } else {
            json.writeNumberField(name, value);
        }
    }

    private static void writeUuid(JsonGenerator json, String name, UUID value) throws IOException {
        json.writeStringField(name, value.toString());
    }

    private interface JsonWriter {
        void write(JsonGenerator json) throws IOException;
    }

    private static byte[] write(JsonWriter writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            writer.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON", e);
        }
        return out.toByteArray();
    }
}
