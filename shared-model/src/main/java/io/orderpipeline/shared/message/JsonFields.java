package io.orderpipeline.shared.message;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Reads the fields of one JSON object and rejects a missing or mistyped one with an
 * {@link InvalidMessageException} that names it by its full path ({@code payload.order_items[2].price}).
 */
final class JsonFields {

    /** numeric(19,5) holds 14 integer digits. */
    private static final BigDecimal MONEY_LIMIT = new BigDecimal("1e14");
    private static final int MAX_TEXT_LENGTH = 10_000;

    private final JsonNode node;
    private final String path;

    private JsonFields(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    static JsonFields root(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new InvalidMessageException(null, "the message is not a JSON object");
        }
        return new JsonFields(node, "");
    }

    JsonNode node() {
        return node;
    }

    JsonFields object(String name) {
        JsonNode value = required(name);
        if (!value.isObject()) {
            throw invalid(name, "must be an object");
        }
        return new JsonFields(value, pathOf(name));
    }

    <T> List<T> array(String name, Function<JsonFields, T> element) {
        JsonNode value = required(name);
        if (!value.isArray()) {
            throw invalid(name, "must be an array");
        }
        List<T> elements = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            String itemPath = pathOf(name) + "[" + i + "]";
            if (!item.isObject()) {
                throw new InvalidMessageException(itemPath, "must be an object");
            }
            elements.add(element.apply(new JsonFields(item, itemPath)));
        }
        return elements;
    }

    String text(String name) {
        JsonNode value = required(name);
        if (!value.isTextual()) {
            throw invalid(name, "must be a string");
        }
        String text = value.textValue();
        if (text.isBlank()) {
            throw invalid(name, "must not be blank");
        }
        if (text.length() > MAX_TEXT_LENGTH) {
            throw invalid(name, "is longer than " + MAX_TEXT_LENGTH + " characters");
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                throw invalid(name, "contains a control character (U+%04X) at position %d".formatted((int) text.charAt(i), i));
            }
        }
        return text;
    }

    long integer(String name) {
        JsonNode value = required(name);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw invalid(name, "must be an integer, was " + describe(value));
        }
        return value.longValue();
    }

    /** An exact decimal that fits {@code numeric(19,5)}; integers and decimals are both accepted. */
    BigDecimal money(String name) {
        JsonNode value = required(name);
        if (!value.isNumber()) {
            throw invalid(name, "must be a number, was " + describe(value));
        }
        BigDecimal amount = value.decimalValue();
        if (amount.abs().compareTo(MONEY_LIMIT) >= 0 || amount.scale() > 5 && amount.stripTrailingZeros().scale() > 5) {
            throw invalid(name, "does not fit numeric(19,5): " + amount.toPlainString());
        }
        return amount;
    }

    /** A {@link #money} amount that is not negative: a price, a cost, a payment. */
    BigDecimal amount(String name) {
        BigDecimal amount = money(name);
        if (amount.signum() < 0) {
            throw invalid(name, "must not be negative, was " + amount.toPlainString());
        }
        return amount;
    }

    /** Null when absent; validated like {@link #amount} when present. */
    BigDecimal optionalAmount(String name) {
        return has(name) ? amount(name) : null;
    }

    /** A {@link #money} quantity greater than zero. */
    BigDecimal quantity(String name) {
        BigDecimal quantity = money(name);
        if (quantity.signum() <= 0) {
            throw invalid(name, "must be greater than 0, was " + quantity.toPlainString());
        }
        return quantity;
    }

    /** Empty when absent; validated like {@link #array} when present. */
    <T> List<T> optionalArray(String name, Function<JsonFields, T> element) {
        return has(name) ? array(name, element) : List.of();
    }

    boolean has(String name) {
        JsonNode value = node.get(name);
        return value != null && !value.isNull();
    }

    LocalDateTime timestamp(String name) {
        String text = text(name);
        try {
            return Timestamps.parse(text);
        } catch (DateTimeParseException e) {
            throw invalid(name, "must be a timestamp like 2023-04-01 20:45:43, was '" + text + "'");
        }
    }

    UUID uuid(String name) {
        String text = text(name);
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw invalid(name, "must be a UUID, was '" + text + "'");
        }
    }

    /** The field as text whatever its JSON type: upstream ids are strings, but a number must not be fatal. */
    String id(String name) {
        JsonNode value = required(name);
        if (value.isIntegralNumber()) {
            return value.asText();
        }
        return text(name);
    }

    private JsonNode required(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull() || value.isMissingNode()) {
            throw invalid(name, value == null ? "is missing" : "is null");
        }
        return value;
    }

    private InvalidMessageException invalid(String name, String problem) {
        return new InvalidMessageException(pathOf(name), problem);
    }

    private String pathOf(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static String describe(JsonNode value) {
        String text = value.toString();
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
