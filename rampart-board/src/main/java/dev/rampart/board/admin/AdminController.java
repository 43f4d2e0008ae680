package dev.rampart.board.admin;

import java.security.Principal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

import dev.rampart.board.account.Account;
import dev.rampart.board.account.AccountRepository;
import dev.rampart.board.web.BadRequestException;
import dev.rampart.board.web.NotFoundException;
import dev.rampart.board.web.Pagination;
import dev.rampart.board.web.Redirects;
import dev.rampart.hardening.audit.SecurityEventType;

/**
 * The admin console: accounts with their role and state, the security events, and disabling an account. The
 * security rules admit only the ADMIN role under {@code /admin/**}, so these handlers do not check it again.
 */
@Controller
class AdminController {

    static final int ACCOUNTS_PAGE_SIZE = 50;
    static final int EVENTS_PAGE_SIZE = 50;
    static final int LATEST_EVENTS = 20;

    private final AccountRepository accounts;
    private final SecurityEventRepository events;
    private final AccountDisabler disabler;

    AdminController(AccountRepository accounts, SecurityEventRepository events, AccountDisabler disabler) {
        this.accounts = accounts;
        this.events = events;
        this.disabler = disabler;
    }

    @GetMapping("/admin")
    ModelAndView console(Principal principal, @RequestParam(required = false) String page) {
        return consolePage(principal, page, "", HttpStatus.OK);
    }

    @PostMapping("/admin/users/{id}/disable")
    ModelAndView disable(Principal principal, @PathVariable long id) {
        try {
            disabler.disable(id, principal.getName());
        }
        catch (SelfDisableException ex) {
            return consolePage(principal, null, "You cannot disable your own account. "
                    + "Ask another administrator to do it if it must be disabled.", HttpStatus.CONFLICT);
        }
        return Redirects.seeOther("/admin");
    }

    @GetMapping("/admin/events")
    ModelAndView events(@RequestParam(required = false) String type, @RequestParam(required = false) String page) {
        SecurityEventType selected = parseType(type);
        Pagination pagination = Pagination.of(page, EVENTS_PAGE_SIZE, events.count(selected));
        String pageHref = selected == null ? "/admin/events?page=" : "/admin/events?type=" + selected.name() + "&page=";
        return new ModelAndView("admin/events", Map.of(
                "events", events.list(selected, pagination.offset(), EVENTS_PAGE_SIZE),
                "pagination", pagination,
                "pageHref", pageHref,
                "types", List.of(SecurityEventType.values()),
                "selectedType", selected == null ? "" : selected.name()));
    }

    private ModelAndView consolePage(Principal principal, @Nullable String page, String problem, HttpStatus status) {
        Account self = accounts.findByUsername(principal.getName()).orElseThrow(() -> new NotFoundException("Account"));
        Pagination pagination = Pagination.of(page, ACCOUNTS_PAGE_SIZE, accounts.count());
        ModelAndView view = new ModelAndView("admin/console", Map.of(
                "accounts", accounts.list(Math.toIntExact(pagination.offset()), ACCOUNTS_PAGE_SIZE),
                "pagination", pagination,
                "selfId", self.id(),
                "events", events.list(null, 0, LATEST_EVENTS),
                "problem", problem));
        view.setStatus(status);
        return view;
    }

    /** Parses the optional event-type filter, where a missing or empty value means every type. */
    private static @Nullable SecurityEventType parseType(@Nullable String type) {
        if (type == null || type.isEmpty()) {
            return null;
        }
        return Arrays.stream(SecurityEventType.values())
                .filter(known -> known.name().equals(type))
                .findFirst()
                .orElseThrow(() -> new BadRequestException("The event type filter is invalid. Choose a type from the list, or leave it empty for all types."));
    }
}
