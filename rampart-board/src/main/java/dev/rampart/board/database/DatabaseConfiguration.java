package dev.rampart.board.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Chooses the dialect from the JDBC URL, and makes sure the folder of an SQLite file exists. */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    private static final String URL_PROPERTY = "spring.datasource.url";

    @Bean
    DatabaseVendor databaseVendor(Environment environment) {
        return DatabaseVendor.fromJdbcUrl(environment.getRequiredProperty(URL_PROPERTY));
    }

    /** Runs before any bean exists, so the folder is there before the first connection creates the file. */
    @Bean
    static BeanFactoryPostProcessor sqliteFolderCreator(Environment environment) {
        return beanFactory -> {
            String url = environment.getProperty(URL_PROPERTY, "");
            if (url.startsWith("jdbc:sqlite:")) {
                createParentFolder(url.substring("jdbc:sqlite:".length()));
            }
        };
    }

    private static void createParentFolder(String location) {
        String file = location.replaceFirst("^file:", "").replaceFirst("\\?.*$", "");
        if (file.isEmpty() || file.startsWith(":memory:")) {
            return;
        }
        Path parent = Path.of(file).toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot create the folder for the SQLite database: " + parent, ex);
        }
    }
}
