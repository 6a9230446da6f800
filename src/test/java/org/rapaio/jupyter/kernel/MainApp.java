package org.rapaio.jupyter.kernel;

import java.util.ArrayList;
import java.util.List;
import org.rapaio.jupyter.kernel.display.DisplayData;

/**
 * Test double of rapaio-jupyter-kernel 3.0.1's {@code MainApp} with the same public surface facecal's
 * {@code KernelDisplay} reaches by reflection: a static {@code kernel} whose {@code display(DisplayData)} publishes.
 * Null unless a test installs a recorder.
 */
public class MainApp {
    public static Recorder kernel;

    /** Records what would have been published. */
    public static final class Recorder {
        public final List<DisplayData> shown = new ArrayList<>();

        public void display(DisplayData dd) {
            shown.add(dd);
        }
    }
}
