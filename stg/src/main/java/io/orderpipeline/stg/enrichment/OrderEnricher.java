package io.orderpipeline.stg.enrichment;

import io.orderpipeline.shared.message.EnrichedOrder;
import io.orderpipeline.shared.message.OrderEvent;
import io.orderpipeline.shared.message.ReferenceData;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Joins an order event with its user and restaurant: a pure function of what Redis returned. */
final class OrderEnricher {

    private OrderEnricher() {
    }

    /** @throws MissingReferenceException naming the user, restaurant or menu item that is not there */
    static EnrichedOrder enrich(OrderEvent event, ReferenceSnapshot references) {
        OrderEvent.Payload payload = event.payload();
        ReferenceData.User user = references.user(payload.userId());
        ReferenceData.Restaurant restaurant = references.restaurant(payload.restaurantId());
        List<EnrichedOrder.Product> products = new ArrayList<>(payload.orderItems().size());
        for (OrderEvent.Item item : payload.orderItems()) {
            Optional<ReferenceData.MenuItem> menuItem = restaurant.menuItem(item.id());
            if (menuItem.isEmpty()) {
                throw new MissingReferenceException("menu item " + item.id() + " is not on the menu of restaurant "
                        + restaurant.id());
            }
            products.add(new EnrichedOrder.Product(item.id(), item.name(), item.price(), item.quantity(),
                    menuItem.get().category()));
        }
        return new EnrichedOrder(event.objectId(), event.objectType(), event.sentDttm(), new EnrichedOrder.Payload(
                event.objectId(), payload.date(), payload.cost(), payload.payment(), payload.finalStatus(),
                payload.updateTs(),
                new EnrichedOrder.Restaurant(restaurant.id(), restaurant.name()),
                new EnrichedOrder.User(user.id(), user.name(), user.login()),
                products));
    }

    static final class MissingReferenceException extends RuntimeException {
        MissingReferenceException(String message) {
            super(message, null, false, false);
        }
    }
}
