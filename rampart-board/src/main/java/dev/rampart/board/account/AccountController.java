package dev.rampart.board.account;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

import dev.rampart.board.idempotency.IdempotencyKey;
import dev.rampart.board.web.FormErrors;
import dev.rampart.board.web.Redirects;

/** Registration and the login page; Spring Security handles the login and logout posts themselves. */
@Controller
class AccountController {

    private final AccountService accounts;
    private final PasswordPolicy passwordPolicy;

    AccountController(AccountService accounts, PasswordPolicy passwordPolicy) {
        this.accounts = accounts;
        this.passwordPolicy = passwordPolicy;
    }

    @GetMapping("/login")
    ModelAndView loginPage(@RequestParam(required = false) String error,
            @RequestParam(required = false) String registered, @RequestParam(required = false) String expired) {
        return new ModelAndView("account/login", Map.of(
                "failed", error != null,
                "registered", registered != null,
                "expired", expired != null));
    }

    @GetMapping("/register")
    ModelAndView registerPage() {
        return registerForm("", new FormErrors(), IdempotencyKey.generate(), HttpStatus.OK);
    }

    /**
     * Creates an account, or redirects as the first submission did when the same rendered form was sent before,
     * so a double click does not end on "username taken". A rejected form is shown with the key it was sent with.
     */
    @PostMapping("/register")
    ModelAndView register(@RequestParam(name = IdempotencyKey.PARAMETER, required = false) @Nullable String key,
            @RequestParam(defaultValue = "") String username,
            @RequestParam(defaultValue = "") String password,
            @RequestParam(defaultValue = "") String confirmation) {
        IdempotencyKey idempotencyKey = IdempotencyKey.parse(key);
        Registration registration = Registration.of(username, password, confirmation);
        FormErrors errors = registration.validate(passwordPolicy);
        if (!errors.isEmpty()) {
            return registerForm(registration.username(), errors, idempotencyKey, HttpStatus.UNPROCESSABLE_CONTENT);
        }
        try {
            accounts.register(registration, idempotencyKey);
        }
        catch (UsernameTakenException ex) {
            errors.reject("username", "This username is taken. Choose another one.");
            return registerForm(registration.username(), errors, idempotencyKey, HttpStatus.CONFLICT);
        }
        return Redirects.seeOther(AccountService.AFTER_REGISTRATION);
    }

    private static ModelAndView registerForm(String username, FormErrors errors, IdempotencyKey key,
            HttpStatus status) {
        ModelAndView page = new ModelAndView("account/register", Map.of("username", username, "errors", errors,
                "idempotencyKey", key));
        page.setStatus(status);
        return page;
    }
}
