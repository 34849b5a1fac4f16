package io.orderpipeline.shared.message;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

/** The reference data that another system keeps in Redis: key = the raw id, value = this as JSON. */
public final class ReferenceData {

    private ReferenceData() {
    }

    public record User(String id, String name, String login, LocalDateTime updateTs) {
    }

    public record Restaurant(String id, String name, List<MenuItem> menu, LocalDateTime updateTs) {
        public Restaurant {
            menu = List.copyOf(menu);
        }

        public Optional<MenuItem> menuItem(String itemId) {
            return menu.stream().filter(item -> item.id().equals(itemId)).findFirst();
        }
    }

    public record MenuItem(String id, String name, BigDecimal price, String category) {
    }
}
