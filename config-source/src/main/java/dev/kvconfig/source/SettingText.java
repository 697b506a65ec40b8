package dev.kvconfig.source;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Turns setting text ({@code 30s}, {@code PT30S}, {@code 16}, {@code true}) into typed values for the options builder, with
 * errors that name the key, the given text and the accepted form. The builder's setters then check ranges, so property
 * text and programmatic use share one validation path.
 */
final class SettingText {

    static final String DURATION_FORM = "a number with unit ms, s, m, h or d (500ms, 30s, 5m), ISO-8601 (PT30S), or 0";

    private SettingText() {
    }

    static Duration duration(String key, String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            throw invalid(key, text, DURATION_FORM);
        }
        if (t.charAt(0) == 'P' || t.charAt(0) == 'p' || t.startsWith("-P") || t.startsWith("-p")) {
            try {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw invalid(key, text, DURATION_FORM);
            }
        }
        int unitStart = 0;
        if (t.charAt(0) == '-' || t.charAt(0) == '+') {
            unitStart = 1;
        }
        while (unitStart < t.length() && Character.isDigit(t.charAt(unitStart))) {
            unitStart++;
        }
        String number = t.substring(0, unitStart);
        String unit = t.substring(unitStart).trim().toLowerCase(Locale.ROOT);
        long amount;
        try {
            amount = Long.parseLong(number);
        } catch (NumberFormatException e) {
            throw invalid(key, text, DURATION_FORM);
        }
        try {
            switch (unit) {
                case "":
                    if (amount == 0) {
                        return Duration.ZERO;
                    }
                    // A bare number is ambiguous (SmallRye reads seconds, others millis): ask for a unit.
                    throw invalid(key, text, DURATION_FORM);
                case "ms":
                    return Duration.ofMillis(amount);
                case "s":
                    return Duration.ofSeconds(amount);
                case "m":
                    return Duration.ofMinutes(amount);
                case "h":
                    return Duration.ofHours(amount);
                case "d":
                    return Duration.ofDays(amount);
                default:
                    throw invalid(key, text, DURATION_FORM);
            }
        } catch (ArithmeticException e) {
            throw invalid(key, text, DURATION_FORM);
        }
    }

    static int integer(String key, String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw invalid(key, text, "a whole number");
        }
    }

    static boolean bool(String key, String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("true")) {
            return true;
        }
        if (t.equals("false")) {
            return false;
        }
        throw invalid(key, text, "true or false");
    }

    /** Setting text is configuration, not a secret: it may be echoed. Password-type keys never come through here. */
    static IllegalArgumentException invalid(String key, String text, String acceptedForm) {
        return new IllegalArgumentException(key + ": '" + text + "' is not valid; use " + acceptedForm);
    }
}
