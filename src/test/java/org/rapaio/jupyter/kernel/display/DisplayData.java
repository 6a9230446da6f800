package org.rapaio.jupyter.kernel.display;

import java.util.LinkedHashMap;
import java.util.Map;

/** Test double of rapaio's {@code DisplayData}: protected constructor, {@code fromHtml}, {@code putData}. */
public class DisplayData {
    public final Map<String, Object> data = new LinkedHashMap<>();

    protected DisplayData() {
    }

    public static DisplayData fromHtml(String html) {
        DisplayData d = new DisplayData();
        d.data.put("text/html", html);
        return d;
    }

    public void putData(String mime, Object value) {
        data.put(mime, value);
    }
}
