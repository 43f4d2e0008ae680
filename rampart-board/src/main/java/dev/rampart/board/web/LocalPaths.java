package dev.rampart.board.web;

import org.jspecify.annotations.Nullable;

/** Tells apart paths on this site from anything a browser would send elsewhere. */
public final class LocalPaths {

    private LocalPaths() {
    }

    /**
     * Tells whether a redirect target stays on this site: it must start with one slash, and not with
     * {@code //} or {@code /\}, which browsers treat as a different host, and hold no control characters,
     * which some browsers strip before reading the target.
     */
    public static boolean isLocal(@Nullable String target) {
        if (target == null || target.isEmpty() || target.charAt(0) != '/') {
            return false;
        }
        if (target.length() > 1 && (target.charAt(1) == '/' || target.charAt(1) == '\\')) {
            return false;
        }
        return target.chars().noneMatch(c -> c < 0x20 || c == 0x7f || c == '\\');
    }
}
