package dev.rampart.board.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Fails the build when things that must agree drift apart: the security document's threat table and the tests
 * it cites, and the migrations of the two databases.
 */
class DocumentationConsistencyTest {

    private static final Path PROJECT = Path.of("").toAbsolutePath().getParent();

    private static final Pattern TEST_REFERENCE = Pattern.compile("`([A-Z][A-Za-z0-9]*Test)#([a-z][A-Za-z0-9]*)`");

    @Test
    void securityDocumentCitesExistingTests() throws IOException {
        String document = Files.readString(PROJECT.resolve("docs/SECURITY.md"));
        Matcher reference = TEST_REFERENCE.matcher(document);
        List<String> missing = new ArrayList<>();
        int count = 0;
        while (reference.find()) {
            count++;
            if (!testMethodExists(reference.group(1), reference.group(2))) {
                missing.add(reference.group(1) + "#" + reference.group(2));
            }
        }

        assertThat(count).isGreaterThan(20);
        assertThat(missing).isEmpty();
    }

    @Test
    void bothDatabasesHaveSameMigrationVersions() throws IOException {
        Path migrations = PROJECT.resolve("rampart-board/src/main/resources/db/migration");

        Set<String> sqlite = versions(migrations.resolve("sqlite"));
        Set<String> postgresql = versions(migrations.resolve("postgresql"));

        assertThat(sqlite).isNotEmpty();
        assertThat(postgresql).isEqualTo(sqlite);
    }

    private static boolean testMethodExists(String className, String method) throws IOException {
        try (Stream<Path> files = Files.walk(PROJECT)) {
            List<Path> sources = files
                    .filter(file -> file.getFileName().toString().equals(className + ".java"))
                    .filter(file -> file.toString().contains("/src/test/java/"))
                    .toList();
            for (Path source : sources) {
                if (Files.readString(source).contains(" void " + method + "(")) {
                    return true;
                }
            }
            return false;
        }
    }

    private static Set<String> versions(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString().replaceFirst("__.*", ""))
                    .collect(TreeSet::new, Set::add, Set::addAll);
        }
    }
}
