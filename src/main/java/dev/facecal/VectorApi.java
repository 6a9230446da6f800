package dev.facecal;

/**
 * Whether facecal's Vector API kernels run in this JVM: the module {@code jdk.incubator.vector} is in the boot layer
 * (the launcher, the notebook kernel and the tests add it with {@code --add-modules}) and not switched off with
 * {@code -Dfacecal.vector=false}. The kernels ({@code distance.AllPairs}' engines, {@code face.HaarLanes}) give the
 * same numbers as their scalar counterparts; a class that uses the module is loaded only when this is true, so the
 * rest of facecal runs on a JVM without it.
 */
public final class VectorApi {
    private static final boolean ENABLED = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !"false".equals(System.getProperty("facecal.vector"));

    private VectorApi() {}

    public static boolean enabled() {
        return ENABLED;
    }
}
