package dev.rampart.board.account;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

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
        return registerForm("", new FormErrors(), HttpStatus.OK);
    }

    @PostMapping("/register")
    ModelAndView register(@RequestParam(defaultValue = "") String username,
            @RequestParam(defaultValue = "") String password,
            @RequestParam(defaultValue = "") String confirmation) {
        Registration registration = Registration.of(username, password, confirmation);
        FormErrors errors = registration.validate(passwordPolicy);
        if (!errors.isEmpty()) {
            return registerForm(registration.username(), errors, HttpStatus.UNPROCESSABLE_CONTENT);
        }
        try {
            accounts.register(registration);
        }
        catch (UsernameTakenException ex) {
            errors.reject("username", "This username is taken. Choose another one.");
            return registerForm(registration.username(), errors, HttpStatus.CONFLICT);
        }
        return Redirects.seeOther("/login?registered");
    }

    private static ModelAndView registerForm(String username, FormErrors errors, HttpStatus status) {
        ModelAndView page = new ModelAndView("account/register", Map.of("username", username, "errors", errors));
        page.setStatus(status);
        return page;
    }
}
