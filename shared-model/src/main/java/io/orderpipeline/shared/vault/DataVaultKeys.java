package io.orderpipeline.shared.vault;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The Data Vault keys and hashdiffs, computed in this one place so that every instance and every replay
 * writes the same rows. A key is the UUID whose 16 bytes are the MD5 of UTF-8 text:
 * <ul>
 *   <li>hub key: the business key, trimmed and upper-cased ({@link Locale#ROOT});</li>
 *   <li>link key: the parts' standardised business keys joined with {@code ||}, in the order of the link's name;</li>
 *   <li>hashdiff: a satellite's attributes, trimmed but not upper-cased (a change of case is a change),
 *       joined with {@code ||}, numbers without trailing zeros, null as the empty string.</li>
 * </ul>
 * The bytes are taken as they are (no RFC 4122 version bits), so PostgreSQL's {@code md5(text)::uuid}
 * yields the same value.
 */
public final class DataVaultKeys {

    private static final String SEPARATOR = "||";
    /** How many keys each thread remembers before it starts afresh: enough for a batch's products and users. */
    static final int REMEMBERED_KEYS = 8_192;
    /**
     * Hub and link keys this thread computed lately, by their standardised text. The same products, categories,
     * restaurants and users recur in order after order, and an MD5 costs more than a lookup.
     */
    private static final ThreadLocal<Map<String, UUID>> RECENT_KEYS = ThreadLocal.withInitial(HashMap::new);
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(DataVaultKeys::newMd5);

    private DataVaultKeys() {
    }

    public static UUID hubKey(String businessKey) {
        return key(standardise(businessKey));
    }

    public static UUID linkKey(String... businessKeys) {
        if (businessKeys.length < 2) {
            throw new IllegalArgumentException("a link joins at least two business keys");
        }
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < businessKeys.length; i++) {
            if (i > 0) {
                joined.append(SEPARATOR);
            }
            joined.append(standardise(businessKeys[i]));
        }
        return key(joined.toString());
    }

    public static UUID hashdiff(Object... attributes) {
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < attributes.length; i++) {
            if (i > 0) {
                joined.append(SEPARATOR);
            }
            joined.append(attributeText(attributes[i]));
        }
        return md5Uuid(joined.toString());
    }

    static String standardise(String businessKey) {
        if (businessKey == null) {
            throw new IllegalArgumentException("a business key must not be null");
        }
        return businessKey.trim().toUpperCase(Locale.ROOT);
    }

    private static String attributeText(Object attribute) {
        if (attribute == null) {
            return "";
        }
        if (attribute instanceof BigDecimal decimal) {
            return decimal.signum() == 0 ? "0" : decimal.stripTrailingZeros().toPlainString();
        }
        if (attribute instanceof LocalDateTime timestamp) {
            return timestamp.toString();
        }
        return attribute.toString().trim();
    }

    private static UUID key(String standardised) {
        Map<String, UUID> recent = RECENT_KEYS.get();
        UUID key = recent.get(standardised);
        if (key == null) {
            if (recent.size() >= REMEMBERED_KEYS) {
                recent.clear();
            }
            key = md5Uuid(standardised);
            recent.put(standardised, key);
        }
        return key;
    }

    private static UUID md5Uuid(String text) {
        byte[] digest = MD5.get().digest(text.getBytes(StandardCharsets.UTF_8));
        ByteBuffer bytes = ByteBuffer.wrap(digest);
        return new UUID(bytes.getLong(), bytes.getLong());
    }

    private static MessageDigest newMd5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has MD5", e);
        }
    }
}
