package dev.rampart.board.admin;

import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
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
import dev.rampart.board.web.NotFoundException;
import dev.rampart.board.web.Pagination;
import dev.rampart.board.web.Redirects;
import dev.rampart.hardening.audit.SecurityEventType;

/**
 * The admin console: accounts with their role and state, the security events with their filters, and disabling
 * an account. The security rules admit only the ADMIN role under {@code /admin/**}, so these handlers do not
 * check it again.
 */
@Controller
class AdminController {

    static final int ACCOUNTS_PAGE_SIZE = 50;
    static final int EVENTS_PAGE_SIZE = 50;
    static final int LATEST_EVENTS = 20;

    private final AccountRepository accounts;
    private final SecurityEventRepository events;
    private final AccountDisabler disabler;
    private final Clock clock;

    AdminController(AccountRepository accounts, SecurityEventRepository events, AccountDisabler disabler,
            Clock clock) {
        this.accounts = accounts;
        this.events = events;
        this.disabler = disabler;
        this.clock = clock;
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
    ModelAndView events(@RequestParam(required = false) String type, @RequestParam(required = false) String client,
            @RequestParam(required = false) String username, @RequestParam(required = false) String window,
            @RequestParam(required = false) String page) {
        EventFilter filter = EventFilter.parse(type, client, username, window);
        Instant now = clock.instant();
        Pagination pagination = Pagination.of(page, EVENTS_PAGE_SIZE, events.count(filter, now));
        Map<String, Object> model = new HashMap<>();
        model.put("events", events.list(filter, now, pagination.offset(), EVENTS_PAGE_SIZE));
        model.put("pagination", pagination);
        model.put("pageHref", "/admin/events?" + filter.queryString() + "page=");
        model.put("types", List.of(SecurityEventType.values()));
        model.put("selectedType", filter.type() == null ? "" : filter.type().name());
        model.put("client", filter.clientAddress() == null ? "" : filter.clientAddress());
        model.put("username", filter.username() == null ? "" : filter.username());
        model.put("windows", List.of(TimeWindow.values()));
        model.put("selectedWindow", filter.window() == null ? "" : filter.window().code());
        return new ModelAndView("admin/events", model);
    }

    private ModelAndView consolePage(Principal principal, @Nullable String page, String problem, HttpStatus status) {
        Account self = accounts.findByUsername(principal.getName()).orElseThrow(() -> new NotFoundException("Account"));
        Pagination pagination = Pagination.of(page, ACCOUNTS_PAGE_SIZE, accounts.count());
        ModelAndView view = new ModelAndView("admin/console", Map.of(
                "accounts", accounts.list(Math.toIntExact(pagination.offset()), ACCOUNTS_PAGE_SIZE),
                "pagination", pagination,
                "selfId", self.id(),
                "events", events.list(EventFilter.NONE, clock.instant(), 0, LATEST_EVENTS),
                "problem", problem));
        view.setStatus(status);
        return view;
    }

}
