package dev.rampart.board.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.web.util.HtmlUtils;

import dev.rampart.board.support.TestBrowser.FilePart;

/**
 * A form read out of a served page with its hidden inputs, so that a test posts back every hidden input (the
 * CSRF token and any other) the way a browser does, whatever fields the form gains later.
 *
 * @param action the form's action path
 * @param hiddenInputs the hidden inputs by name, unescaped
 */
public record HtmlForm(String action, Map<String, String> hiddenInputs) {

    private static final Pattern FORM = Pattern.compile("<form\\b([^>]*)>(.*?)</form>", Pattern.DOTALL);
    private static final Pattern INPUT = Pattern.compile("<input\\b([^>]*)>");
    private static final Pattern ATTRIBUTE = Pattern.compile("([a-zA-Z-]+)=\"([^\"]*)\"");

    /** Returns the first form in the page whose action is the given path, failing the test if there is none. */
    public static HtmlForm in(TestResponse page, String action) {
        Matcher form = FORM.matcher(page.body());
        while (form.find()) {
            if (action.equals(attributes(form.group(1)).get("action"))) {
                return new HtmlForm(action, hiddenInputs(form.group(2)));
            }
        }
        throw new AssertionError("No form with action " + action + " in the page (" + page.status() + "):\n"
                + page.body());
    }

    /** Fetches the page and returns its form with the given action, failing the test if there is none. */
    public static HtmlForm fetch(TestBrowser browser, String page, String action) {
        return in(browser.get(page), action);
    }

    /** Posts the form as application/x-www-form-urlencoded with its hidden inputs and the given fields. */
    public TestResponse submit(TestBrowser browser, Map<String, String> fields) {
        return browser.postWithoutToken(action, withHiddenInputs(fields));
    }

    /** Posts the form as multipart/form-data with its hidden inputs, the given fields and the files. */
    public TestResponse submitMultipart(TestBrowser browser, Map<String, String> fields, List<FilePart> files) {
        return browser.postMultipartWithoutToken(action, withHiddenInputs(fields), files);
    }

    private Map<String, String> withHiddenInputs(Map<String, String> fields) {
        Map<String, String> all = new LinkedHashMap<>(hiddenInputs);
        all.putAll(fields);
        return all;
    }

    private static Map<String, String> hiddenInputs(String formBody) {
        Map<String, String> hidden = new LinkedHashMap<>();
        Matcher input = INPUT.matcher(formBody);
        while (input.find()) {
            Map<String, String> attributes = attributes(input.group(1));
            if ("hidden".equals(attributes.get("type")) && attributes.containsKey("name")) {
                hidden.put(attributes.get("name"), attributes.getOrDefault("value", ""));
            }
        }
        return hidden;
    }

    private static Map<String, String> attributes(String tag) {
        Map<String, String> attributes = new LinkedHashMap<>();
        Matcher attribute = ATTRIBUTE.matcher(tag);
        while (attribute.find()) {
            attributes.put(attribute.group(1), HtmlUtils.htmlUnescape(attribute.group(2)));
        }
        return attributes;
    }
}
