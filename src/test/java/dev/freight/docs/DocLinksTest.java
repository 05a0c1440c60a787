package dev.freight.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The documentation links only to what a clone of the repository holds: every relative link of
 * README.md and docs/*.md names a file or folder inside the repository, and every #anchor a
 * heading of its page.
 */
class DocLinksTest {
    /** {@code [text](target)} and {@code ![alt](target)}, the target up to a space or ')'. */
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");

    @Test
    void linksStayInTheRepository() throws IOException {
        Path root = Path.of("").toAbsolutePath().normalize();
        List<String> files = new ArrayList<>(List.of("README.md"));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(p -> files.add(root.relativize(p).toString()));
        }
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (String file : files) {
            Markdown md = Markdown.read(root, file);
            for (int i = 0; i < md.prose.size(); i++) {
                // inline code is text, not a link
                Matcher m = LINK.matcher(md.prose.get(i).replaceAll("`[^`]*`", ""));
                while (m.find()) {
                    String target = m.group(1);
                    if (target.matches("^(https?|mailto):.*")) continue;
                    checked++;
                    String problem = problem(root, file, md, target);
                    if (problem != null) broken.add(file + ":" + (i + 1) + ": " + target + ": " + problem);
                }
            }
        }
        assertThat(checked).as("relative links found").isGreaterThan(20);
        assertThat(broken).as("broken links").isEmpty();
    }

    private static String problem(Path root, String file, Markdown md, String target) throws IOException {
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path resolved = path.isEmpty() ? root.resolve(file) : root.resolve(file).getParent().resolve(path).normalize();
        if (!resolved.startsWith(root)) return "outside the repository";
        if (!Files.exists(resolved)) return "no such file";
        if (anchor == null) return null;
        if (!resolved.toString().endsWith(".md")) return "an anchor into a file that is not Markdown";
        Markdown page = path.isEmpty() ? md : Markdown.read(root, root.relativize(resolved).toString());
        return page.anchors().contains(anchor) ? null : "no heading with this anchor";
    }
}
