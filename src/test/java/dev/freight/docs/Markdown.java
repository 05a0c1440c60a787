package dev.freight.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Markdown file of the repository: its fenced code blocks (CommonMark fences) in order, and its prose. */
final class Markdown {
    static final String SKIP = "skip-test";
    private static final Set<String> SHELLS = Set.of("sh", "bash", "shell");
    private static final Pattern OPEN = Pattern.compile("^ {0,3}(`{3,}|~{3,})(.*)$");
    private static final Pattern HEADING = Pattern.compile("^ {0,3}#{1,6}\\s+(.*?)(?:\\s+#+)?\\s*$");

    final String file;
    final List<Block> blocks = new ArrayList<>();
    /** The file's lines, with those of code blocks (fences included) blanked: where links and headings are. */
    final List<String> prose = new ArrayList<>();

    private Markdown(String file) {
        this.file = file;
    }

    /**
     * One fenced block.
     *
     * @param file where it is, as the reader names it (README.md, docs/api.md)
     * @param line the line of its opening fence, counted from 1
     * @param info the fence's info string: its language first, then words such as {@link #SKIP}
     * @param text its lines, each ending in a newline
     */
    record Block(String file, int line, String info, String text) {
        String language() {
            return info.isBlank() ? "" : info.strip().split("\\s+")[0].toLowerCase(Locale.ROOT);
        }

        boolean isShell() {
            return SHELLS.contains(language());
        }

        boolean skipped() {
            return List.of(info.strip().split("\\s+")).contains(SKIP);
        }

        String where() {
            return file + ":" + line;
        }
    }

    /** Reads {@code file} (a path relative to {@code root}, as links name it). */
    static Markdown read(Path root, String file) throws IOException {
        Markdown md = new Markdown(file);
        List<String> lines = Files.readAllLines(root.resolve(file), StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = OPEN.matcher(lines.get(i));
            // a backtick fence's info string holds no backtick (CommonMark): ```` ```sh ```` in a paragraph is code text
            if (!open.matches() || (open.group(1).charAt(0) == '`' && open.group(2).contains("`"))) {
                md.prose.add(lines.get(i));
                continue;
            }
            String fence = open.group(1);
            StringBuilder text = new StringBuilder();
            int j = i + 1;
            while (j < lines.size() && !closes(lines.get(j), fence)) text.append(lines.get(j++)).append('\n');
            if (j == lines.size()) throw new IllegalStateException(file + ":" + (i + 1) + ": a code block that never closes");
            md.blocks.add(new Block(file, i + 1, open.group(2).strip(), text.toString()));
            for (int k = i; k <= j; k++) md.prose.add("");
            i = j;
        }
        return md;
    }

    /** The anchors of the file's headings, as GitHub makes them: lower case, punctuation dropped, spaces as '-', repeats numbered. */
    Set<String> anchors() {
        Set<String> out = new java.util.HashSet<>();
        for (String line : prose) {
            Matcher h = HEADING.matcher(line);
            if (!h.matches()) continue;
            String slug = h.group(1).strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
            String unique = slug;
            for (int n = 1; !out.add(unique); n++) unique = slug + "-" + n;
        }
        return out;
    }

    private static boolean closes(String line, String fence) {
        String t = line.strip();
        return line.length() - line.stripLeading().length() <= 3 && t.length() >= fence.length()
                && t.chars().allMatch(c -> c == fence.charAt(0));
    }
}
