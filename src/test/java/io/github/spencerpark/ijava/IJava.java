package io.github.spencerpark.ijava;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.util.ArrayList;
import java.util.List;

/**
 * Test double of IJava 1.3.0's {@code IJava}: {@code getKernelInstance()} returns the running kernel (null when
 * none), whose {@code display(DisplayData)} (inherited from BaseKernel there) shows a bundle.
 */
public class IJava {
    public static Kernel kernel;

    public static Kernel getKernelInstance() {
        return kernel;
    }

    /** Records what would have been shown. */
    public static class BaseKernel {
        public final List<DisplayData> shown = new ArrayList<>();

        public void display(DisplayData data) {
            shown.add(data);
        }
    }

    /** IJava's JavaKernel extends BaseKernel; display is inherited. */
    public static final class Kernel extends BaseKernel {
    }
}
