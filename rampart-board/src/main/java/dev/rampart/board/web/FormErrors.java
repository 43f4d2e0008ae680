package dev.rampart.board.web;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/** Validation messages by form field, shown beside the field they concern. */
public final class FormErrors {

    private final Map<String, String> messages = new LinkedHashMap<>();

    /** Adds a message for a field; the first message for a field wins, because it names the first problem. */
    public FormErrors reject(String field, String message) {
        messages.putIfAbsent(field, message);
        return this;
    }

    public boolean isEmpty() {
        return messages.isEmpty();
    }

    public boolean has(String field) {
        return messages.containsKey(field);
    }

    public @Nullable String get(String field) {
        return messages.get(field);
    }

    public Map<String, String> asMap() {
        return Map.copyOf(messages);
    }
}
