package dev.rampart.board.account;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.rampart.board.RampartBoardApplication;
import dev.rampart.board.web.FormErrors;

/**
 * {@code admin create NAME}: creates an administrator. The password is read from the console without echo
 * (or from standard input when there is no console, for scripts), never from the arguments, where it would
 * end up in the shell history and the process list. Other {@code --name=value} arguments configure the
 * application as usual, for example the database URL.
 */
public final class AdminCommand {

    private AdminCommand() {
    }

    public static boolean matches(String[] args) {
        return args.length > 0 && "admin".equals(args[0]);
    }

    /** Runs the command and returns the process exit code. */
    public static int run(String[] args) {
        List<String> words = Arrays.stream(args).filter(arg -> !arg.startsWith("--")).toList();
        String[] springArgs = Arrays.stream(args).filter(arg -> arg.startsWith("--")).toArray(String[]::new);
        if (words.size() != 3 || !"create".equals(words.get(1))) {
            System.err.println("Usage: java -jar rampart-board.jar admin create NAME");
            System.err.println("The password is read from the console; it is never accepted as an argument.");
            return 2;
        }
        // The full web context is built, so the command gets the same beans as the server. Port -1 keeps the
        // server from listening, so the command can run beside a board that is already serving.
        String[] commandArgs = Stream.concat(Stream.of("--server.port=-1", "--logging.level.root=warn",
                "--logging.level.rampart.security=warn"), Arrays.stream(springArgs)).toArray(String[]::new);
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(RampartBoardApplication.class)
                .run(commandArgs)) {
            String[] passwords = readPasswordTwice(words.get(2));
            return create(context.getBean(AccountService.class), context.getBean(PasswordPolicy.class),
                    Registration.of(words.get(2), passwords[0], passwords[1]), System.out, System.err);
        }
    }

    static int create(AccountService accounts, PasswordPolicy policy, Registration registration, PrintStream out,
            PrintStream err) {
        FormErrors errors = registration.validate(policy);
        if (!errors.isEmpty()) {
            errors.asMap().forEach((field, message) -> err.println(field + ": " + message));
            return 1;
        }
        try {
            accounts.createAdmin(registration);
        }
        catch (UsernameTakenException ex) {
            err.println("username: An account named like '" + registration.username()
                    + "' already exists. Choose another name.");
            return 1;
        }
        out.println("Created administrator '" + registration.username() + "'.");
        return 0;
    }

    private static String[] readPasswordTwice(String username) {
        Console console = System.console();
        if (isTerminal(console)) {
            char[] first = console.readPassword("Password for %s: ", username);
            char[] second = console.readPassword("Repeat the password: ");
            return new String[] {first == null ? "" : new String(first), second == null ? "" : new String(second)};
        }
        var reader = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try {
            return new String[] {nullToEmpty(reader.readLine()), nullToEmpty(reader.readLine())};
        }
        catch (IOException ex) {
            throw new IllegalStateException("Failed to read the password from standard input", ex);
        }
    }

    /**
     * Checks whether the console is a real terminal. From JDK 22 on, {@link System#console()} also returns a
     * console when input is piped, and only {@code Console.isTerminal()} (absent from Java 21) distinguishes them.
     */
    private static boolean isTerminal(Console console) {
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        }
        catch (ReflectiveOperationException java21) {
            return true;
        }
    }

    private static String nullToEmpty(String line) {
        return line == null ? "" : line;
    }
}
