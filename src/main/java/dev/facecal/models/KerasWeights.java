package dev.facecal.models;

import dev.facecal.FacecalException;
import io.jhdf.HdfFile;
import io.jhdf.Superblock;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An open Keras 2 HDF5 weights file, as written by {@code model.save_weights("x.h5")} (or the
 * {@code model_weights} group of a full {@code model.save("x.h5")}), read with jhdf.
 *
 * <p>The layout, which Keras' own {@code load_weights} follows and so does this class: the attribute
 * {@code layer_names} lists every layer of the model in order (split into {@code layer_names0},
 * {@code layer_names1}, ... when it is too long for one attribute); each layer has a group of that name whose
 * attribute {@code weight_names} lists its weights in the order of {@code layer.weights} (for a convolution:
 * kernel, then bias), and each weight is a dataset at {@code <layer group>/<weight name>}. Layers without
 * weights have an empty {@code weight_names}. Keras matches layers to the model by position, not by name,
 * so {@link #layers()} keeps only the layers that have weights, in file order, and never looks at the names.
 *
 * <p>Opening checks, before jhdf sees the file, that it exists, starts with the HDF5 signature and is as long
 * as its HDF5 superblock says (a download cut short is the common failure), so that each of these gets its
 * own message. Tensor data is read on demand ({@link #floats}), one tensor at a time, because DeepFace's
 * VGG-Face file holds 580 MB of weights.
 */
final class KerasWeights implements AutoCloseable {

    /** One weight tensor of a layer: its name in the file, its HDF5 path and its shape. */
    record Weight(String name, String path, int[] shape) {
        int rank() {
            return shape.length;
        }

        long size() {
            long n = 1;
            for (int d : shape) n *= d;
            return n;
        }

        @Override
        public String toString() {
            return name + " " + Arrays.toString(shape);
        }
    }

    /** A layer that has weights, with its weights in file order. */
    record Layer(String name, List<Weight> weights) {
    }

    private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    /** A version 0 superblock with 8-byte addresses; no HDF5 file with a root group is shorter. */
    private static final int MIN_HDF5_BYTES = 96;

    private final Path file;
    private final String fix;
    private final HdfFile hdf;
    private final List<Layer> layers;

    private KerasWeights(Path file, String fix, HdfFile hdf, List<Layer> layers) {
        this.file = file;
        this.fix = fix;
        this.hdf = hdf;
        this.layers = layers;
    }

    /**
     * Opens a Keras 2 HDF5 weights file and lists its layers with weights.
     *
     * @param file the .h5 file
     * @param what what the file should be, for messages ("VGG-Face weights file")
     * @param fix  what the user should do about a bad file, appended to every message
     * @throws FacecalException when the file is missing, not HDF5, truncated, or not a Keras weights file
     */
    static KerasWeights open(Path file, String what, String fix) {
        checkFile(file, what, fix);
        HdfFile hdf;
        try {
            hdf = new HdfFile(file);
        } catch (RuntimeException e) {
            throw new FacecalException(what + " " + file + " could not be read as HDF5 (" + e.getMessage()
                    + "); the file is damaged. " + fix, e);
        }
        try {
            List<Layer> layers = readLayers(hdf, file, what, fix);
            return new KerasWeights(file, fix, hdf, layers);
        } catch (RuntimeException e) {
            hdf.close();
            if (e instanceof FacecalException) throw e;
            throw new FacecalException(what + " " + file + ": reading its layer list failed (" + e.getMessage()
                    + "); the file is damaged. " + fix, e);
        }
    }

    /** The layers that have weights, in the order of the file's {@code layer_names}. */
    List<Layer> layers() {
        return layers;
    }

    Path file() {
        return file;
    }

    /**
     * The values of one weight tensor, flattened in the file's (C, row-major) order, as float32. float64
     * datasets are narrowed; other types are an error.
     */
    float[] floats(Layer layer, Weight weight) {
        try {
            Dataset ds = hdf.getDatasetByPath(weight.path());
            Class<?> type = ds.getJavaType();
            Object flat = ds.getDataFlat();
            if (flat instanceof float[] f) {
                return f;
            }
            if (flat instanceof double[] d) {
                float[] f = new float[d.length];
                for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
                return f;
            }
            throw new FacecalException("file " + file + ", layer '" + layer.name() + "': weight '" + weight.name()
                    + "' holds " + type.getSimpleName() + " values, expected float32. " + fix);
        } catch (FacecalException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new FacecalException("file " + file + ", layer '" + layer.name() + "': reading weight '"
                    + weight.name() + "' failed (" + e.getMessage() + "); the file is damaged. " + fix, e);
        }
    }

    @Override
    public void close() {
        hdf.close();
    }

    // ---- checks before jhdf ---------------------------------------------------------------------------------

    private static void checkFile(Path file, String what, String fix) {
        if (!Files.exists(file)) {
            throw new FacecalException(what + " not found: " + file + ". " + fix);
        }
        if (!Files.isRegularFile(file)) {
            throw new FacecalException(what + " " + file + " is not a regular file. " + fix);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size == 0) {
                throw new FacecalException(what + " " + file + " is empty (0 bytes). " + fix);
            }
            long at = signatureOffset(ch, size);
            if (at < 0) {
                throw new FacecalException(what + " " + file + " is not an HDF5 file" + describeStart(ch)
                        + ". " + fix);
            }
            if (size - at < MIN_HDF5_BYTES) {
                throw new FacecalException(what + " " + file + " is truncated: it has only " + size
                        + " bytes, less than an HDF5 header (an interrupted download?). " + fix);
            }
            long needed;
            try {
                Superblock sb = Superblock.readSuperblock(ch, at);
                needed = sb.getBaseAddressByte() + sb.getEndOfFileAddress();
            } catch (RuntimeException e) {
                throw new FacecalException(what + " " + file + " has a damaged HDF5 header (" + e.getMessage()
                        + "); the file is truncated or corrupt. " + fix, e);
            }
            if (needed <= at + HDF5_SIGNATURE.length) {
                throw new FacecalException(what + " " + file + " has a damaged HDF5 header (end-of-file address "
                        + needed + "); the file is corrupt. " + fix);
            }
            if (needed > size) {
                throw new FacecalException(what + " " + file + " is truncated: it has " + size
                        + " bytes but its HDF5 header says " + needed + " (an interrupted download?). " + fix);
            }
        } catch (IOException e) {
            throw new FacecalException(what + " " + file + " cannot be read (" + e.getMessage() + "). " + fix, e);
        }
    }

    /** HDF5 allows a user block before the signature: the signature sits at 0, 512, 1024, 2048, ... */
    private static long signatureOffset(FileChannel ch, long size) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(HDF5_SIGNATURE.length);
        for (long at = 0; at + HDF5_SIGNATURE.length <= size; at = at == 0 ? 512 : at * 2) {
            buf.clear();
            while (buf.hasRemaining() && ch.read(buf, at + buf.position()) > 0) {
                // keep reading
            }
            if (!buf.hasRemaining() && Arrays.equals(buf.array(), HDF5_SIGNATURE)) return at;
        }
        return -1;
    }

    /** " (it starts with "<!DOCTYPE html")" when the file begins with text, for a saved error page. */
    private static String describeStart(FileChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(32);
        ch.read(buf, 0);
        byte[] b = Arrays.copyOf(buf.array(), buf.position());
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            if (x == '\n' || x == '\r') break;
            if (x < 0x20 || x > 0x7e) return "";
            s.append((char) x);
        }
        return s.isEmpty() ? "" : " (it starts with \"" + s + "\")";
    }

    // ---- layer list ------------------------------------------------------------------------------------------

    private static List<Layer> readLayers(HdfFile hdf, Path file, String what, String fix) {
        Group root = hdf;
        String[] names = stringList(root, "layer_names");
        if (names == null && hdf.getChildren().get("model_weights") instanceof Group mw) {
            root = mw;
            names = stringList(root, "layer_names");
        }
        if (names == null) {
            String hint = hdf.getChildren().containsKey("layers") && hdf.getChildren().containsKey("vars")
                    ? " It looks like a Keras 3 '.weights.h5' file, which is a different layout."
                    : "";
            throw new FacecalException(what + " " + file + " is HDF5 but not a Keras weights file: it has no"
                    + " 'layer_names' attribute." + hint + " " + fix);
        }
        List<Layer> layers = new ArrayList<>();
        for (String name : names) {
            Node node = root.getChildren().get(name);
            if (!(node instanceof Group g)) {
                throw new FacecalException(what + " " + file + ": layer '" + name + "' is listed in layer_names"
                        + " but has no group. " + fix);
            }
            String[] weightNames = stringList(g, "weight_names");
            if (weightNames == null) {
                throw new FacecalException(what + " " + file + ": layer '" + name + "' has no 'weight_names'"
                        + " attribute. " + fix);
            }
            if (weightNames.length == 0) continue;
            List<Weight> weights = new ArrayList<>();
            for (String w : weightNames) {
                Node n = g.getByPath(w);
                if (!(n instanceof Dataset ds)) {
                    throw new FacecalException(what + " " + file + ": layer '" + name + "' lists weight '" + w
                            + "' but the file has no such dataset. " + fix);
                }
                weights.add(new Weight(w, ds.getPath(), ds.getDimensions()));
            }
            layers.add(new Layer(name, List.copyOf(weights)));
        }
        return List.copyOf(layers);
    }

    /**
     * A string-list attribute, joined from its chunks ({@code name0}, {@code name1}, ...) when Keras split it;
     * null when absent. An empty attribute of any type (Keras writes {@code np.asarray([])}, float64) gives an
     * empty array.
     */
    private static String[] stringList(Node node, String name) {
        var attributes = node.getAttributes();
        if (attributes.containsKey(name)) {
            return strings(attributes.get(name));
        }
        if (!attributes.containsKey(name + "0")) return null;
        List<String> all = new ArrayList<>();
        for (int i = 0; attributes.containsKey(name + i); i++) {
            all.addAll(Arrays.asList(strings(attributes.get(name + i))));
        }
        return all.toArray(String[]::new);
    }

    private static String[] strings(Attribute a) {
        if (a.isEmpty() || a.getSize() == 0) return new String[0];
        Object data = a.getData();
        if (data instanceof String[] s) return s;
        if (data instanceof String s) return new String[]{s};
        if (data instanceof byte[] b) return new String[]{new String(b, StandardCharsets.UTF_8)};
        throw new IllegalStateException("attribute '" + a.getName() + "' holds " + data.getClass().getSimpleName()
                + ", expected strings");
    }
}
