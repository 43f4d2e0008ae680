package dev.rampart.board.account;

import java.security.Principal;
import java.util.Map;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.servlet.ModelAndView;

import dev.rampart.board.web.NotFoundException;

/** The signed-in user's home page. */
@Controller
class DashboardController {

    private final AccountRepository accounts;

    DashboardController(AccountRepository accounts) {
        this.accounts = accounts;
    }

    @GetMapping("/dashboard")
    ModelAndView dashboard(Principal principal) {
        Account account = accounts.findByUsername(principal.getName())
                .orElseThrow(() -> new NotFoundException("Account"));
        return new ModelAndView("account/dashboard", Map.of("account", account));
    }
}
