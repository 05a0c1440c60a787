package dev.freight;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file a generated admin key is kept in: {@code <data-dir>/admin.key}, and never over an
 * existing file. A data directory already holding another store's {@code admin.key} (a second
 * node started in the same directory on PostgreSQL, say) gets {@code admin-<store>.key} instead,
 * so that no start can lose a key that was shown only once.
 */
final class AdminKeyFile {
    static final String NAME = "admin.key";
    private static final Logger log = LoggerFactory.getLogger(AdminKeyFile.class);

    private AdminKeyFile() {}

    /** Writes {@code secret} to a new file and returns the line that tells the user the key and where it is. */
    static String save(Path dataDir, String secret, StoreLocation store) {
        Path usual = dataDir.resolve(NAME);
        Path own = dataDir.resolve("admin-" + store.slug() + ".key");
        for (Path file : new Path[] {usual, own}) {
            try {
                create(file, secret);
                return file.equals(usual)
                        ? "Admin API key (shown once, also in " + file + "): " + secret
                        : "Admin API key of " + store.text() + " (shown once, also in " + file + "; " + usual
                        + " is another store's key and stays as it was): " + secret;
            } catch (FileAlreadyExistsException e) {
                // keep it: try the next name
            } catch (IOException | UnsupportedOperationException e) {
                log.warn("could not write {}: {}", file, e.getMessage());
                return "Admin API key (shown once, not written to a file): " + secret;
            }
        }
        return "Admin API key of " + store.text() + " (shown once; not written: " + usual + " and " + own
                + " exist already and stay as they were): " + secret;
    }

    /** A new file, readable by its owner only from its first byte on. */
    private static void create(Path file, String secret) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file); // not a POSIX file system
        }
        Files.writeString(file, secret + "\n");
    }
}
