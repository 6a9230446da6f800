package io.github.spencerpark.jupyter.kernel.display;

import java.util.LinkedHashMap;
import java.util.Map;

/** Test double of jupyter-jvm-basekernel's {@code DisplayData}: public no-arg constructor and {@code putData}. */
public class DisplayData {
    public final Map<String, Object> data = new LinkedHashMap<>();

    public void putData(String mime, Object value) {
        data.put(mime, value);
    }
}
