package dev.freight;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@code freight train} (the workload bin/freight records its start-up cache with) runs its imports to the end and leaves nothing behind. */
class TrainTest {
    @Test
    void theTrainingImportsRunToTheEndAndLeaveNoDataBehind() throws IOException {
        List<Path> before = trainingDirs();
        int code = Main.commandLine().execute("train", "--rows", "3000");
        assertThat(code).isZero();
        assertThat(trainingDirs()).containsExactlyInAnyOrderElementsOf(before);
    }

    private static List<Path> trainingDirs() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("freight-train")).toList();
        }
    }
}
