package dev.kvconfig.emulator.server;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Key Vault list paging: {@code maxresults} 1..25 (default 25), {@code {"value":[…],"nextLink":…}} with an absolute
 * nextLink that carries {@code api-version}, {@code $skiptoken} and {@code maxresults}.
 */
public final class Paging {
    /** The service's page size limit. */
    public static final int MAX_RESULTS = 25;

    private Paging() {
    }

    /**
     * One page of {@code items}.
     *
     * @param request the list request (reads {@code maxresults}, {@code $skiptoken}, {@code api-version})
     * @param path    the list path for the nextLink, e.g. {@code /secrets} or {@code /secrets/a/versions}
     * @param items   all items in a stable order
     * @param mapper  item to untyped JSON
     * @throws ServiceError 400 BadParameter for a bad maxresults or skiptoken
     */
    public static <T> Response page(Request request, String path, List<T> items, Function<T, Object> mapper) {
        int max = MAX_RESULTS;
        String maxText = request.query("maxresults");
        if (maxText != null) {
            try {
                max = Integer.parseInt(maxText);
            } catch (NumberFormatException e) {
                max = -1;
            }
            if (max < 1 || max > MAX_RESULTS) {
                throw ServiceError.badParameter("Invalid value '" + maxText + "' for maxresults: use 1 to "
                        + MAX_RESULTS + ".");
            }
        }
        int offset = 0;
        String token = request.query("$skiptoken");
        if (token != null && !token.isEmpty()) {
            try {
                String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
                if (!text.startsWith("offset:")) {
                    throw new IllegalArgumentException(text);
                }
                offset = Integer.parseInt(text.substring("offset:".length()));
                if (offset < 0) {
                    throw new IllegalArgumentException(text);
                }
            } catch (IllegalArgumentException e) {
                throw ServiceError.badParameter("Invalid $skiptoken: continue from the nextLink of the previous page.");
            }
        }
        List<Object> value = new ArrayList<>();
        int end = Math.min(items.size(), offset + max);
        for (int i = offset; i < end; i++) {
            value.add(mapper.apply(items.get(i)));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("value", value);
        String nextLink = null;
        if (end < items.size()) {
            String next = Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(("offset:" + end).getBytes(StandardCharsets.UTF_8));
            String apiVersion = request.query("api-version");
            nextLink = request.baseUrl() + path + "?api-version=" + encode(apiVersion == null ? "7.5" : apiVersion)
                    + "&$skiptoken=" + next + "&maxresults=" + max;
        }
        body.put("nextLink", nextLink);
        return Response.ok(body);
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
