package io.orderpipeline.testsupport.warehouse;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One row a query returned, by column label or position (from 0): timestamps without a zone as
 * {@link LocalDateTime}, uuid as {@link UUID}, numeric as {@link BigDecimal}.
 */
public final class Row {

    private final Map<String, Object> byLabel;
    private final List<Object> values;

    Row(Map<String, Object> byLabel) {
        this.byLabel = new LinkedHashMap<>(byLabel);
        this.values = new ArrayList<>(byLabel.values());
    }

    public Object get(String label) {
        return byLabel.get(label);
    }

    public Object get(int position) {
        return values.get(position);
    }

    public String getString(int position) {
        Object value = values.get(position);
        return value == null ? null : value.toString();
    }

    public Long getLong(int position) {
        Object value = values.get(position);
        return value == null ? null : ((Number) value).longValue();
    }

    public UUID getUUID(int position) {
        return (UUID) values.get(position);
    }

    public LocalDateTime getLocalDateTime(int position) {
        return (LocalDateTime) values.get(position);
    }

    public Boolean getBoolean(int position) {
        return (Boolean) values.get(position);
    }

    @Override
    public String toString() {
        return byLabel.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Row row && byLabel.equals(row.byLabel);
    }

    @Override
    public int hashCode() {
        return byLabel.hashCode();
    }
}
