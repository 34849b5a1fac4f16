package io.orderpipeline.shared.message;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageCodecTest {

    private static final String SAMPLE = readSample();

    @Test
    void decodesTheUpstreamSampleWithCyrillicNamesIntact() {
        IncomingEvent decoded = MessageCodec.decodeIncomingEvent(utf8(SAMPLE));

        assertThat(decoded).isInstanceOf(IncomingEvent.Order.class);
        OrderEvent event = ((IncomingEvent.Order) decoded).event();
        assertThat(event.objectId()).isEqualTo(1371198L);
        assertThat(event.sentDttm()).isEqualTo(LocalDateTime.of(2023, 4, 8, 20, 27, 36));
        assertThat(event.payload().userId()).isEqualTo("626a81ce9a8cd1920641e29c");
        assertThat(event.payload().restaurantId()).isEqualTo("ef8c42c19b7518a9aebec106");
        assertThat(event.payload().orderItems()).containsExactly(new OrderEvent.Item(
                "aeca4d08abab78869c20128c", "Рис с лимоном", new BigDecimal("175"), new BigDecimal("5")));
        assertThat(event.payload().cost()).isEqualByComparingTo("875");
        assertThat(event.payload().finalStatus()).isEqualTo("CLOSED");
        assertThat(event.payload().statuses()).hasSize(2);
        assertThat(event.version()).isEqualTo(new OrderVersion(
                LocalDateTime.of(2023, 4, 1, 20, 45, 43), LocalDateTime.of(2023, 4, 8, 20, 27, 36)));
        assertThat(event.payloadJson()).contains("Рис с лимоном").startsWith("{\"restaurant\"");
    }

    @Test
    void anEventOfAnotherTypeIsRecognisedWithoutReadingItsPayload() {
        IncomingEvent decoded = MessageCodec.decodeIncomingEvent(
                utf8("{\"object_id\": \"x\", \"object_type\": \"user\", \"payload\": 42}"));

        assertThat(decoded).isEqualTo(new IncomingEvent.Other("user"));
    }

    @Test
    void anOrderEventSurvivesEncodingAndDecoding() {
        OrderEvent original = ((IncomingEvent.Order) MessageCodec.decodeIncomingEvent(utf8(SAMPLE))).event();

        OrderEvent again = ((IncomingEvent.Order) MessageCodec.decodeIncomingEvent(MessageCodec.encode(original))).event();

        assertThat(again.payload()).isEqualTo(original.payload());
        assertThat(again.objectId()).isEqualTo(original.objectId());
        assertThat(again.sentDttm()).isEqualTo(original.sentDttm());
    }

    @Test
    void decimalsStayExact() {
        String withDecimals = SAMPLE.replace("\"cost\": 875", "\"cost\": 875.12345");

        OrderEvent event = ((IncomingEvent.Order) MessageCodec.decodeIncomingEvent(utf8(withDecimals))).event();

        assertThat(event.payload().cost()).isEqualTo(new BigDecimal("875.12345"));
    }

    @Test
    void anEnrichedOrderSurvivesEncodingAndDecoding() {
        LocalDateTime at = LocalDateTime.of(2022, 11, 19, 16, 6, 36);
        EnrichedOrder order = new EnrichedOrder(322519, "order", at.plusSeconds(25), new EnrichedOrder.Payload(
                322519, at, new BigDecimal("300"), new BigDecimal("300.50"), "CLOSED", at,
                new EnrichedOrder.Restaurant("626a81cfefa404208fe9abae", "Кофейня №1"),
                new EnrichedOrder.User("626a81ce9a8cd1920641e296", "Котова Ольга Вениаминовна", "kotova_1"),
                List.of(new EnrichedOrder.Product("6276e8cd0cf48b4cded00878", "РОЛЛ С ТОФУ \"острый\" \\ 🍣",
                        new BigDecimal("180"), BigDecimal.ONE, "Выпечка"))));

        byte[] json = MessageCodec.encode(order);

        assertThat(MessageCodec.decodeEnrichedOrder(json)).isEqualTo(order);
        assertThat(new String(json, StandardCharsets.UTF_8))
                .contains("\"sent_dttm\":\"2022-11-19 16:07:01\"")
                .contains("\"payment\":300.50");
    }

    @Test
    void aVaultOrderSurvivesEncodingAndDecoding() {
        VaultOrder order = new VaultOrder(7, UUID.randomUUID(), LocalDateTime.of(2024, 1, 2, 3, 4, 5, 600_000_000),
                LocalDateTime.of(2024, 1, 2, 3, 4, 6), "CLOSED", UUID.randomUUID(),
                List.of(new VaultOrder.Product(UUID.randomUUID(), "Борщ", UUID.randomUUID(), "Супы")));

        assertThat(MessageCodec.decodeVaultOrder(MessageCodec.encode(order))).isEqualTo(order);
    }

    @Test
    void referenceDataSurvivesEncodingAndDecoding() {
        ReferenceData.User user = new ReferenceData.User("u1", "Иванов Иван", "ivanov", LocalDateTime.of(2024, 9, 23, 13, 19, 33));
        ReferenceData.Restaurant restaurant = new ReferenceData.Restaurant("r1", "Кофейня №1",
                List.of(new ReferenceData.MenuItem("m1", "Рис", new BigDecimal("200"), "Закуски")),
                LocalDateTime.of(2024, 9, 23, 13, 19, 33));

        assertThat(MessageCodec.decodeUser(MessageCodec.encode(user))).isEqualTo(user);
        assertThat(MessageCodec.decodeRestaurant(MessageCodec.encode(restaurant))).isEqualTo(restaurant);
        assertThat(restaurant.menuItem("m1")).isPresent();
        assertThat(restaurant.menuItem("m2")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            malformed JSON          | {"object_id": 1,                                       | malformed JSON
            not an object           | [1, 2]                                                 | not a JSON object
            missing payload         | "payload": {                 => "no_payload": {        | field 'payload': is missing
            non-integer object_id   | "object_id": 1371198         => "object_id": "abc"     | field 'object_id': must be an integer, was "abc"
            decimal object_id       | "object_id": 1371198         => "object_id": 1.5       | field 'object_id': must be an integer
            order_items null        | "order_items": [             => "order_items": null, "x": [ | field 'payload.order_items': is null
            item price a string     | "price": 175                 => "price": "175"         | field 'payload.order_items[0].price': must be a number
            missing user id         | "user": {"id": "626a81ce9a8cd1920641e29c"} => "user": {} | field 'payload.user.id': is missing
            bad timestamp           | "update_ts": "2023-04-01 20:45:43" => "update_ts": "yesterday" | field 'payload.update_ts': must be a timestamp
            money out of range      | "cost": 875                  => "cost": 1e20           | field 'payload.cost': does not fit numeric(19,5)
            NUL in a name           | Рис с лимоном                => Рис\\u0000               | field 'payload.order_items[0].name': contains a control character (U+0000) at position 3
            line break in a name    | Рис с лимоном                => Рис\\n2026-11-29 FORGED  | field 'payload.order_items[0].name': contains a control character (U+000A) at position 3
            escape code in a time   | "sent_dttm": "2023-04-08 20:27:36" => "sent_dttm": "2023-04-08\\u001b[2J" | field 'sent_dttm': contains a control character (U+001B)
            negative price          | "price": 175                 => "price": -175          | field 'payload.order_items[0].price': must not be negative, was -175
            zero quantity           | "quantity": 5                => "quantity": 0          | field 'payload.order_items[0].quantity': must be greater than 0, was 0
            negative quantity       | "quantity": 5                => "quantity": -5         | field 'payload.order_items[0].quantity': must be greater than 0, was -5
            negative cost           | "cost": 875                  => "cost": -875           | field 'payload.cost': must not be negative, was -875
            negative payment        | "payment": 875               => "payment": -0.5        | field 'payload.payment': must not be negative, was -0.5
            negative bonus          | "bonus_grant": 0             => "bonus_grant": -1      | field 'payload.bonus_grant': must not be negative, was -1
            """)
    void rejectsABadEventNamingTheField(String name, String change, String expectedReason) {
        String json = change.contains("=>")
                ? SAMPLE.replace(change.split("=>")[0].trim(), change.split("=>")[1].trim())
                : change;
        assertThat(json).as("the test case must change the sample").isNotEqualTo(SAMPLE);

        assertThatThrownBy(() -> MessageCodec.decodeIncomingEvent(utf8(json)))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining(expectedReason);
    }

    @Test
    void rejectsInvalidUtf8AndEmptyMessages() {
        byte[] invalid = utf8(SAMPLE);
        int at = SAMPLE.getBytes(StandardCharsets.UTF_8).length / 2;
        invalid[at] = (byte) 0xC3;
        invalid[at + 1] = (byte) 0x28;

        assertThatThrownBy(() -> MessageCodec.decodeIncomingEvent(invalid)).isInstanceOf(InvalidMessageException.class);
        assertThatThrownBy(() -> MessageCodec.decodeIncomingEvent(new byte[0]))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("empty");
    }

    @Test
    void rejectsAnEnrichedOrderWhosePayloadIdIsNotItsObjectId() {
        LocalDateTime at = LocalDateTime.of(2022, 11, 19, 16, 6, 36);
        EnrichedOrder order = new EnrichedOrder(1, "order", at, new EnrichedOrder.Payload(2, at, BigDecimal.ONE,
                BigDecimal.ONE, "OPEN", at, new EnrichedOrder.Restaurant("r", "R"), new EnrichedOrder.User("u", "U", "u"),
                List.of()));

        assertThatThrownBy(() -> MessageCodec.decodeEnrichedOrder(MessageCodec.encode(order)))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessage("field 'payload.id': must equal object_id 1");
    }

    @Test
    void rejectsAnEnrichedObjectThatIsNotAnOrder() {
        LocalDateTime at = LocalDateTime.of(2022, 11, 19, 16, 6, 36);
        EnrichedOrder user = new EnrichedOrder(1, "user", at, new EnrichedOrder.Payload(1, at, BigDecimal.ONE,
                BigDecimal.ONE, "OPEN", at, new EnrichedOrder.Restaurant("r", "R"), new EnrichedOrder.User("u", "U", "u"),
                List.of()));

        assertThatThrownBy(() -> MessageCodec.decodeEnrichedOrder(MessageCodec.encode(user)))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessage("field 'object_type': must be 'order'");
    }

    @Test
    void rejectsAVaultOrderWithABadKey() {
        String json = "{\"order_id\":1,\"order_key\":\"not-a-uuid\",\"update_ts\":\"2024-01-01 00:00:00\","
                + "\"sent_dttm\":\"2024-01-01 00:00:00\",\"status\":\"OPEN\",\"user_key\":\"x\",\"products\":[]}";

        assertThatThrownBy(() -> MessageCodec.decodeVaultOrder(utf8(json)))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("field 'order_key': must be a UUID");
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String readSample() {
        try (InputStream in = MessageCodecTest.class.getResourceAsStream("/upstream-order.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
