package dev.rampart.board.profile;

import java.security.Principal;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

import dev.rampart.board.account.Account;
import dev.rampart.board.account.AccountRepository;
import dev.rampart.board.web.FormErrors;
import dev.rampart.board.web.NotFoundException;
import dev.rampart.board.web.Redirects;

/** The signed-in user's own profile: display name, email and bio. */
@Controller
class ProfileController {

    private final AccountRepository accounts;

    ProfileController(AccountRepository accounts) {
        this.accounts = accounts;
    }

    @GetMapping("/profile")
    ModelAndView profile(Principal principal, @RequestParam(required = false) String saved) {
        Account account = currentAccount(principal);
        return profileForm(account, ProfileForm.of(account), new FormErrors(), saved != null, HttpStatus.OK);
    }

    @PostMapping("/profile")
    ModelAndView update(Principal principal, @RequestParam(required = false) String displayName,
            @RequestParam(required = false) String email, @RequestParam(required = false) String bio) {
        Account account = currentAccount(principal);
        ProfileForm form = ProfileForm.of(displayName, email, bio);
        FormErrors errors = form.validate();
        if (!errors.isEmpty()) {
            return profileForm(account, form.forRedisplay(), errors, false, HttpStatus.UNPROCESSABLE_CONTENT);
        }

        accounts.updateProfile(account.id(), form.displayName(), form.storedEmail(), form.bio());
        return Redirects.seeOther("/profile?saved");
    }

    private Account currentAccount(Principal principal) {
        return accounts.findByUsername(principal.getName()).orElseThrow(() -> new NotFoundException("Account"));
    }

    private static ModelAndView profileForm(Account account, ProfileForm form, FormErrors errors, boolean saved,
            HttpStatus status) {
        ModelAndView page = new ModelAndView("profile/profile", Map.of(
                "account", account,
                "form", form,
                "errors", errors,
                "saved", saved));
        page.setStatus(status);
        return page;
    }
}
