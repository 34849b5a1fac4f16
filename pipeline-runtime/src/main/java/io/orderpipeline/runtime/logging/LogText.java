package io.orderpipeline.runtime.logging;

/**
 * Text from a record, made safe for one log line: control characters (line breaks above all, which would let a
 * record forge log lines of its own) are escaped, and the length is bounded so that no record can flood the log.
 */
public final class LogText {

    /** How much of a reason a log line or a header keeps. */
    public static final int REASON_LIMIT = 1_000;

    private LogText() {
    }

    public static String of(String text) {
        return of(text, REASON_LIMIT);
    }

    public static String of(String text, int limit) {
        if (text == null) {
            return "null";
        }
        StringBuilder safe = new StringBuilder(Math.min(text.length(), limit) + 16);
        int i = 0;
        for (; i < text.length() && safe.length() < limit; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> safe.append("\\n");
                case '\r' -> safe.append("\\r");
                case '\t' -> safe.append("\\t");
                case '\\' -> safe.append("\\\\");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                        safe.append(String.format("\\u%04x", (int) c));
                    } else {
                        safe.append(c);
                    }
                }
            }
        }
        if (i < text.length()) {
            safe.append("… (").append(text.length() - i).append(" more characters)");
        }
        return safe.toString();
    }
}
