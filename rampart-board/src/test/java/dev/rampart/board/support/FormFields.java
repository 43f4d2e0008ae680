package dev.rampart.board.support;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Submits forms the way a browser does. The form page is fetched first, and every hidden input it contains
 * (the CSRF token and any other) is sent back with the visible fields, so a test keeps working when a form
 * gains a hidden field.
 */
public final class FormFields {

    private static final Pattern INPUT = Pattern.compile("<input\\s[^>]*>");
    private static final Pattern HIDDEN = Pattern.compile("\\stype=\"hidden\"");
    private static final Pattern NAME = Pattern.compile("\\sname=\"([^\"]*)\"");
    private static final Pattern VALUE = Pattern.compile("\\svalue=\"([^\"]*)\"");

    private FormFields() {
    }

    /** Fetches the form page and returns its hidden inputs, failing the test unless the page is served. */
    public static Map<String, String> fetchHidden(TestBrowser browser, String formPath) {
        TestResponse form = browser.get(formPath);
        if (form.status() != 200) {
            throw new AssertionError("The form " + formPath + " returned " + form.status() + ":\n" + form.body());
        }
        return hiddenIn(form.body());
    }

    /** Posts the visible fields together with the hidden inputs fetched from the form page before. */
    public static TestResponse submit(TestBrowser browser, String action, Map<String, String> hidden,
            Map<String, String> visible) {
        Map<String, String> fields = new LinkedHashMap<>(hidden);
        fields.putAll(visible);
        return browser.postWithoutToken(action, fields);
    }

    /** Fetches the form page, then posts the visible fields with its hidden inputs to the action. */
    public static TestResponse fetchAndSubmit(TestBrowser browser, String formPath, String action,
            Map<String, String> visible) {
        return submit(browser, action, fetchHidden(browser, formPath), visible);
    }

    /** Returns the name and value of every hidden input in the page, with HTML character references decoded. */
    public static Map<String, String> hiddenIn(String html) {
        Map<String, String> hidden = new LinkedHashMap<>();
        Matcher input = INPUT.matcher(html);
        while (input.find()) {
            String tag = input.group();
            Matcher name = NAME.matcher(tag);
            if (HIDDEN.matcher(tag).find() && name.find()) {
                Matcher value = VALUE.matcher(tag);
                hidden.put(decode(name.group(1)), value.find() ? decode(value.group(1)) : "");
            }
        }
        return hidden;
    }

    private static String decode(String attribute) {
        return attribute.replace("&quot;", "\"").replace("&#34;", "\"").replace("&#39;", "'")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }
}
