package dev.rampart.board.web;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;

/**
 * Redirects the user after login to the page that required sign-in, as a local path only. The saved URL's
 * host comes from the request's Host header, so only its path and query are kept. Anything that is not a
 * plain local path sends the user to the dashboard instead, and no request parameter can choose the target.
 */
class LocalRedirectSuccessHandler implements AuthenticationSuccessHandler {

    static final String DEFAULT_TARGET = "/dashboard";

    private final RequestCache requestCache;

    LocalRedirectSuccessHandler(RequestCache requestCache) {
        this.requestCache = requestCache;
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
            Authentication authentication) throws IOException {
        SavedRequest saved = requestCache.getRequest(request, response);
        requestCache.removeRequest(request, response);
        String target = saved == null ? DEFAULT_TARGET : localTarget(saved.getRedirectUrl());
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", target);
    }

    static String localTarget(String savedUrl) {
        try {
            URI uri = new URI(savedUrl);
            String path = uri.getRawPath();
            String local = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
            return LocalPaths.isLocal(local) ? local : DEFAULT_TARGET;
        }
        catch (URISyntaxException ex) {
            return DEFAULT_TARGET;
        }
    }
}
