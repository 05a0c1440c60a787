package dev.freight.engine;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.RandomAccess;

/**
 * A row's normalised key as an immutable list whose hash is computed once: planning looks each
 * key up several times (chunk keys, stored rows, the chunk in flight), and a plain list hashes
 * every part again at every lookup. Equal to any list with the same parts.
 */
final class RowKey extends AbstractList<Object> implements RandomAccess {
    private final Object[] parts;
    private final int hash;

    RowKey(Object[] parts) {
        this.parts = parts;
        this.hash = Arrays.hashCode(parts); // the List.hashCode formula
    }

    @Override
    public Object get(int index) {
        return parts[index];
    }

    @Override
    public int size() {
        return parts.length;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        if (o instanceof RowKey k) return hash == k.hash && Arrays.equals(parts, k.parts);
        return super.equals(o);
    }
}
