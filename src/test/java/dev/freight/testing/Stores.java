package dev.freight.testing;

import dev.freight.store.StoreKind;
import java.util.List;

/** The stores every engine and API test runs against (one shared contract suite). */
public final class Stores {
    private Stores() {}

    public static List<StoreKind> all() {
        return List.of(StoreKind.SQLITE, StoreKind.POSTGRESQL);
    }
}
