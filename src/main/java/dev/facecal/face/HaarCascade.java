package dev.facecal.face;

import dev.facecal.FacecalException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * A stump-based Haar cascade in OpenCV's format ({@code <cascade type_id="opencv-cascade-classifier">}, stage type
 * {@code BOOST}, feature type {@code HAAR}, trees of one split), held as OpenCV 4.9's
 * {@code CascadeClassifierImpl::Data} holds it after reading ({@code modules/objdetect/src/cascadedetect.cpp},
 * {@code Data::read} and {@code HaarEvaluator::Feature::read}), so that {@link HaarScan} can evaluate it with
 * OpenCV's arithmetic:
 * <ul>
 *   <li>a stage's threshold is {@code (float) stageThreshold - 1e-5f} ({@code THRESHOLD_EPS}, in float);</li>
 *   <li>a stump is {@code (featureIdx, (float) threshold, (float) leftLeaf, (float) rightLeaf)}; a value below the
 *       threshold takes the left leaf;</li>
 *   <li>a feature is up to three rectangles {@code (x, y, w, h)} with {@code float} weights (absent ones weigh 0).
 *   </li>
 * </ul>
 * Numbers are read as {@code double} and narrowed, as OpenCV's {@code FileNode} reads them. Cascades this class does
 * not model (trees deeper than one split, tilted features, LBP, the pre-2.4 format) are refused with
 * {@link Unsupported}, and the caller scans with OpenCV itself.
 */
public final class HaarCascade {
    /** OpenCV's {@code THRESHOLD_EPS}. */
    static final float THRESHOLD_EPS = 1e-5f;

    /** Thrown for a cascade this class cannot evaluate exactly as OpenCV does. */
    public static final class Unsupported extends Exception {
        Unsupported(String message) {
            super(message);
        }
    }

    final int width, height;
    /** Per stage: the index of its first stump, its number of stumps, its threshold. */
    final int[] stageFirst, stageCount;
    final float[] stageThreshold;
    /** Per stump: its feature, threshold and leaves. */
    final int[] stumpFeature;
    final float[] stumpThreshold, stumpLeft, stumpRight;
    /** Per feature, rectangle r (0..2): {@code rects[f * 12 + r * 4 + (0: x, 1: y, 2: w, 3: h)]}, weights. */
    final int[] rects;
    final float[] weights;

    private HaarCascade(int width, int height, int[] stageFirst, int[] stageCount, float[] stageThreshold,
                        int[] stumpFeature, float[] stumpThreshold, float[] stumpLeft, float[] stumpRight,
                        int[] rects, float[] weights) {
        this.width = width;
        this.height = height;
        this.stageFirst = stageFirst;
        this.stageCount = stageCount;
        this.stageThreshold = stageThreshold;
        this.stumpFeature = stumpFeature;
        this.stumpThreshold = stumpThreshold;
        this.stumpLeft = stumpLeft;
        this.stumpRight = stumpRight;
        this.rects = rects;
        this.weights = weights;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int stages() {
        return stageCount.length;
    }

    public int features() {
        return weights.length / 3;
    }

    /**
     * Reads a cascade file.
     *
     * @throws Unsupported     when the file is a cascade OpenCV reads but this class does not model
     * @throws FacecalException when the file cannot be read or is not a cascade at all
     */
    public static HaarCascade read(Path file) throws Unsupported {
        try (InputStream in = Files.newInputStream(file)) {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setExpandEntityReferences(false);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = f.newDocumentBuilder().parse(in);
            return of(doc.getDocumentElement(), file);
        } catch (IOException | ParserConfigurationException | SAXException e) {
            throw new FacecalException("cannot read the Haar cascade " + file + ": " + e.getMessage(), e);
        }
    }

    private static HaarCascade of(Element storage, Path file) throws Unsupported {
        Element cascade = child(storage, "cascade");
        if (cascade == null || !"opencv-cascade-classifier".equals(cascade.getAttribute("type_id"))) {
            throw new Unsupported(file + " is not in OpenCV's cascade format (opencv-cascade-classifier)");
        }
        if (!"BOOST".equals(text(cascade, "stageType")) || !"HAAR".equals(text(cascade, "featureType"))) {
            throw new Unsupported(file + ": only BOOST cascades of HAAR features are modelled");
        }
        int width = Integer.parseInt(text(cascade, "width"));
        int height = Integer.parseInt(text(cascade, "height"));
        List<Element> stages = items(child(cascade, "stages"));
        int nstages = stages.size();
        int[] stageFirst = new int[nstages], stageCount = new int[nstages];
        float[] stageThreshold = new float[nstages];
        List<float[]> stumps = new ArrayList<>(); // {feature, threshold, left, right}
        for (int s = 0; s < nstages; s++) {
            Element stage = stages.get(s);
            stageThreshold[s] = (float) Double.parseDouble(text(stage, "stageThreshold")) - THRESHOLD_EPS;
            List<Element> weak = items(child(stage, "weakClassifiers"));
            stageFirst[s] = stumps.size();
            stageCount[s] = weak.size();
            for (Element w : weak) {
                double[] nodes = numbers(text(w, "internalNodes"));
                double[] leaves = numbers(text(w, "leafValues"));
                if (nodes.length != 4 || leaves.length != 2 || nodes[0] != 0 || nodes[1] != -1) {
                    throw new Unsupported(file + ": stage " + s + " has a tree deeper than one split");
                }
                stumps.add(new float[] {(float) nodes[2], (float) nodes[3], (float) leaves[0], (float) leaves[1]});
            }
        }
        int n = stumps.size();
        int[] stumpFeature = new int[n];
        float[] stumpThreshold = new float[n], stumpLeft = new float[n], stumpRight = new float[n];
        for (int i = 0; i < n; i++) {
            float[] st = stumps.get(i);
            stumpFeature[i] = (int) st[0];
            stumpThreshold[i] = st[1];
            stumpLeft[i] = st[2];
            stumpRight[i] = st[3];
        }
        List<Element> features = items(child(cascade, "features"));
        int[] rects = new int[features.size() * 12];
        float[] weights = new float[features.size() * 3];
        for (int fi = 0; fi < features.size(); fi++) {
            Element feature = features.get(fi);
            String tilted = text(feature, "tilted");
            if (tilted != null && Integer.parseInt(tilted.trim()) != 0) {
                throw new Unsupported(file + ": feature " + fi + " is tilted");
            }
            List<Element> rs = items(child(feature, "rects"));
            if (rs.size() > 3 || rs.isEmpty()) {
                throw new Unsupported(file + ": feature " + fi + " has " + rs.size() + " rectangles");
            }
            for (int r = 0; r < rs.size(); r++) {
                double[] v = numbers(rs.get(r).getTextContent());
                if (v.length != 5) throw new Unsupported(file + ": feature " + fi + " has a malformed rectangle");
                for (int k = 0; k < 4; k++) rects[fi * 12 + r * 4 + k] = (int) v[k];
                weights[fi * 3 + r] = (float) v[4];
            }
        }
        for (int i = 0; i < n; i++) {
            if (stumpFeature[i] < 0 || stumpFeature[i] >= features.size()) {
                throw new FacecalException(file + ": stump " + i + " names feature " + stumpFeature[i]
                        + " of " + features.size());
            }
        }
        return new HaarCascade(width, height, stageFirst, stageCount, stageThreshold, stumpFeature, stumpThreshold,
                stumpLeft, stumpRight, rects, weights);
    }

    private static Element child(Element parent, String name) {
        if (parent == null) return null;
        for (Node c = parent.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element e && e.getTagName().equals(name)) return e;
        }
        return null;
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().trim();
    }

    private static List<Element> items(Element parent) {
        List<Element> out = new ArrayList<>();
        if (parent == null) return out;
        for (Node c = parent.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element e && e.getTagName().equals("_")) out.add(e);
        }
        return out;
    }

    private static double[] numbers(String s) {
        String[] parts = s.trim().split("\\s+");
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) out[i] = Double.parseDouble(parts[i]);
        return out;
    }
}
