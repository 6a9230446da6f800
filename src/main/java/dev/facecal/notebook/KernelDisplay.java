package dev.facecal.notebook;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;

/**
 * Sends rich output to whichever Java Jupyter kernel runs this JVM, found by reflection, so the library has no
 * compile-time dependency on any kernel.
 *
 * <p>The three kernels differ in their notebook-facing {@code display} helpers (IJava and JJava take
 * {@code display(obj, "text/html")}, rapaio takes {@code display("text/html", obj)}, see
 * {@code shared/notes/java-kernels.md}), but all three have a {@code DisplayData} bundle with
 * {@code putData(String mime, Object data)} and a kernel object with {@code display(DisplayData)}. This class
 * builds that bundle (for example {@code text/html} with a {@code text/plain} fallback, or a Plotly figure's
 * {@code application/vnd.plotly.v1+json} with both) and hands it to the kernel, which serialises it with Gson: a
 * {@code String} value becomes a JSON string, a {@code Map} a JSON object:
 * <ul>
 *   <li>IJava 1.3.0: kernel {@code io.github.spencerpark.ijava.IJava.getKernelInstance()}, bundle
 *       {@code io.github.spencerpark.jupyter.kernel.display.DisplayData};</li>
 *   <li>JJava: kernel {@code org.dflib.jjava.jupyter.kernel.BaseKernel.notebookKernel()}, bundle
 *       {@code org.dflib.jjava.jupyter.kernel.display.DisplayData};</li>
 *   <li>rapaio-jupyter-kernel 3.x: kernel {@code org.rapaio.jupyter.kernel.MainApp.kernel}, bundle from
 *       {@code org.rapaio.jupyter.kernel.display.DisplayData.fromHtml(String)}.</li>
 * </ul>
 * When none is running (a plain JVM, a unit test, the CLI) {@link #display} returns false and the caller prints
 * plain text instead.
 */
public final class KernelDisplay {

    /** One way of reaching a kernel: how to get the kernel object and how to build a display bundle. */
    record Backend(String name, String kernelClass, String kernelMember, String bundleClass, String bundleFactory) {

        /** The running kernel object, or null when this kernel is not present or not running in this JVM. */
        Object kernel() {
            try {
                Class<?> k = load(kernelClass);
                if (k == null) {
                    return null;
                }
                try {
                    Method m = k.getMethod(kernelMember);
                    return m.invoke(null);
                } catch (NoSuchMethodException e) {
                    Field f = k.getField(kernelMember);
                    return f.get(null);
                }
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                return null;
            }
        }

        /** A bundle holding {@code data} (mime type to content; the first value is a {@code text/html} string). */
        Object bundle(SequencedMap<String, Object> data) throws ReflectiveOperationException {
            Class<?> b = load(bundleClass);
            if (b == null) {
                throw new ClassNotFoundException(bundleClass);
            }
            Object bundle;
            if (bundleFactory != null) {
                bundle = b.getMethod(bundleFactory, String.class).invoke(null, String.valueOf(data.firstEntry().getValue()));
            } else {
                bundle = b.getConstructor().newInstance();
            }
            Method put = b.getMethod("putData", String.class, Object.class);
            for (Map.Entry<String, Object> d : data.entrySet()) {
                put.invoke(bundle, d.getKey(), d.getValue());
            }
            return bundle;
        }

        boolean send(Object kernel, SequencedMap<String, Object> data) {
            return send(kernel, data, null, "display");
        }

        /**
         * Sends {@code data} with {@code method} ("display", or "updateDisplay" for Jupyter's
         * {@code update_display_data}), tagged with {@code displayId} when it is not null.
         */
        boolean send(Object kernel, SequencedMap<String, Object> data, String displayId, String method) {
            try {
                Object bundle = bundle(data);
                if (displayId != null) {
                    bundle.getClass().getMethod("setDisplayId", String.class).invoke(bundle, displayId);
                }
                Method display = findDisplay(kernel.getClass(), bundle.getClass(), method);
                if (display == null) {
                    return false;
                }
                display.invoke(kernel, bundle);
                return true;
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                return false;
            }
        }

        private static Method findDisplay(Class<?> kernelType, Class<?> bundleType, String method) {
            for (Method m : kernelType.getMethods()) {
                if (m.getName().equals(method) && m.getParameterCount() == 1
                        && m.getParameterTypes()[0].isAssignableFrom(bundleType)) {
                    return m;
                }
            }
            return null;
        }
    }

    /** The kernels tried, in order. */
    static final List<Backend> BACKENDS = List.of(
            new Backend("IJava", "io.github.spencerpark.ijava.IJava", "getKernelInstance",
                    "io.github.spencerpark.jupyter.kernel.display.DisplayData", null),
            new Backend("JJava", "org.dflib.jjava.jupyter.kernel.BaseKernel", "notebookKernel",
                    "org.dflib.jjava.jupyter.kernel.display.DisplayData", null),
            new Backend("rapaio", "org.rapaio.jupyter.kernel.MainApp", "kernel",
                    "org.rapaio.jupyter.kernel.display.DisplayData", "fromHtml"));

    private KernelDisplay() {
    }

    /**
     * Displays {@code html} (with {@code text} as the plain-text alternative) in the running kernel.
     *
     * @return false when no supported kernel is running in this JVM; nothing was shown
     */
    public static boolean display(String html, String text) {
        SequencedMap<String, Object> data = new LinkedHashMap<>();
        data.put("text/html", html);
        data.put("text/plain", text);
        return display(data);
    }

    /**
     * Displays one output bundle: MIME type to content, the first entry {@code text/html} (a string), the others
     * strings or, for JSON MIME types such as {@code application/vnd.plotly.v1+json}, maps and lists.
     *
     * @return false when no supported kernel is running in this JVM; nothing was shown
     */
    public static boolean display(SequencedMap<String, Object> data) {
        if (data.isEmpty() || !"text/html".equals(data.firstEntry().getKey())) {
            throw new IllegalArgumentException("a display bundle starts with text/html, got " + data.keySet());
        }
        for (Backend b : BACKENDS) {
            Object kernel = b.kernel();
            if (kernel != null && b.send(kernel, data)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Displays {@code data} as an output that later {@link #update} calls with the same {@code displayId} replace
     * in place (Jupyter's {@code display_id}; all three kernels support it), so a notebook shows, and saves, only
     * the last state.
     *
     * @return false when no supported kernel is running in this JVM; nothing was shown
     */
    public static boolean display(SequencedMap<String, Object> data, String displayId) {
        return sendTo(data, displayId, "display");
    }

    /** Replaces the output displayed with {@code displayId} ({@code update_display_data}); false outside a kernel. */
    public static boolean update(SequencedMap<String, Object> data, String displayId) {
        return sendTo(data, displayId, "updateDisplay");
    }

    private static boolean sendTo(SequencedMap<String, Object> data, String displayId, String method) {
        if (data.isEmpty() || !"text/html".equals(data.firstEntry().getKey())) {
            throw new IllegalArgumentException("a display bundle starts with text/html, got " + data.keySet());
        }
        if (displayId == null || displayId.isBlank()) {
            throw new IllegalArgumentException("a display id must not be blank");
        }
        for (Backend b : BACKENDS) {
            Object kernel = b.kernel();
            if (kernel != null && b.send(kernel, data, displayId, method)) {
                return true;
            }
        }
        return false;
    }

    /** The name of the kernel running this JVM (IJava, JJava, rapaio), or "none". */
    public static String kernelName() {
        for (Backend b : BACKENDS) {
            if (b.kernel() != null) {
                return b.name();
            }
        }
        return "none";
    }

    /**
     * Loads a class from the kernel's class loaders: the thread's context loader, then this library's loader (a
     * child of the kernel's in IJava, JJava and rapaio), then the system loader (where the kernel jar lives).
     */
    static Class<?> load(String name) {
        for (ClassLoader cl : new ClassLoader[] {Thread.currentThread().getContextClassLoader(),
                KernelDisplay.class.getClassLoader(), ClassLoader.getSystemClassLoader()}) {
            if (cl == null) {
                continue;
            }
            try {
                return Class.forName(name, true, cl);
            } catch (ClassNotFoundException | LinkageError e) {
                // try the next loader
            }
        }
        return null;
    }
}
