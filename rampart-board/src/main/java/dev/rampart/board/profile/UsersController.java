package dev.rampart.board.profile;

import java.util.Map;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

import dev.rampart.board.web.Pagination;

/** The members directory, for signed-in users only (the security rules require a login for it). */
@Controller
class UsersController {

    static final int PAGE_SIZE = 50;

    private final MemberRepository members;

    UsersController(MemberRepository members) {
        this.members = members;
    }

    @GetMapping("/users")
    ModelAndView users(@RequestParam(required = false) String page) {
        Pagination pagination = Pagination.of(page, PAGE_SIZE, members.count());
        return new ModelAndView("profile/users", Map.of(
                "members", members.list(pagination.offset(), PAGE_SIZE),
                "pagination", pagination));
    }
}
