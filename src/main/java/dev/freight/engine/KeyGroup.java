package dev.freight.engine;

import java.util.ArrayList;
import java.util.List;

/** One key's history within a chunk: its stored row, the chunk's rows with that key, and its state so far. */
public final class KeyGroup {
    final List<Object> key;
    final Object[] initial; // the stored row, or null
    final List<Integer> rows = new ArrayList<>(2); // positions in the chunk, in order
    Object[] current;

    KeyGroup(List<Object> key, Object[] initial) {
        this.key = key;
        this.initial = initial;
    }

    /** The stored row of this key as the chunk was planned against it, or null when there was none. */
    public Object[] initial() {
        return initial;
    }
}
