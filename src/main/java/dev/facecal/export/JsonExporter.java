package dev.facecal.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facecal.calibrate.Bootstrap;
import dev.facecal.calibrate.Calibration;
import dev.facecal.calibrate.ColumnCalibration;
import dev.facecal.calibrate.ConfidenceModel;
import dev.facecal.calibrate.DistanceStats;
import dev.facecal.calibrate.Evaluation;
import dev.facecal.calibrate.Interval;
import dev.facecal.calibrate.Numbers;
import dev.facecal.calibrate.PrecisionRecallTable;
import dev.facecal.calibrate.TarAtFar;

/**
 * The calibration as one JSON object; the schema is documented in the README ("JSON output"). Numbers are
 * full-precision doubles; a value that is undefined (the std of a single pair) is {@code null}.
 */
public final class JsonExporter {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonExporter() {}

    public static String export(Calibration calibration) {
        return export(calibration, false);
    }

    /**
     * @param curves also write every ROC/DET point per column ({@code "curves": {"threshold": [...], "far": [...],
     *               "tar": [...], "frr": [...]}}), one entry per distinct distance
     */
    public static String export(Calibration calibration, boolean curves) {
        try {
            ObjectNode root = tree(calibration);
            if (curves) {
                calibration.columns().forEach((name, c) -> {
                    ObjectNode n = ((ObjectNode) root.get("columns").get(name)).putObject("curves");
                    array(n, "threshold", c.roc().thresholds());
                    array(n, "far", c.roc().fpr());
                    array(n, "tar", c.roc().tpr());
                    array(n, "frr", c.det().frr());
                });
            }
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ObjectNode tree(Calibration cal) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("source", cal.source());
        root.put("pairs", cal.pairs());
        root.put("positives", cal.positives());
        root.put("negatives", cal.negatives());
        ObjectNode options = root.putObject("options");
        options.put("confidence_threshold", cal.options().confidenceThreshold().label());
        options.put("bootstrap_resamples", cal.options().bootstrapResamples());
        options.put("seed", cal.options().seed());
        options.put("direction", cal.options().direction().label());
        ArrayNode user = options.putArray("user_thresholds");
        cal.options().userThresholds().forEach(user::add);
        array(options, "far_targets", cal.options().farTargets());
        array(options, "cutoffs", cal.options().cutoffs());
        try {
            root.set("provenance", MAPPER.readTree(cal.provenance().toJson()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        ObjectNode columns = root.putObject("columns");
        cal.columns().forEach((name, c) -> columns.set(name, column(c)));
        return root;
    }

    private static ObjectNode column(ColumnCalibration c) {
        ObjectNode o = MAPPER.createObjectNode();
        ObjectNode stats = o.putObject("stats");
        stats.set("positive", stats(c.positive()));
        stats.set("negative", stats(c.negative()));
        ObjectNode notebook = o.putObject("notebook");
        num(notebook, "tp_mean", c.sigma().roundedMean());
        num(notebook, "tp_std", c.sigma().roundedStd());
        ObjectNode thresholds = o.putObject("thresholds");
        c.thresholds().forEach((k, v) -> num(thresholds, k, v));
        ObjectNode evaluation = o.putObject("evaluation");
        for (Evaluation e : c.evaluations()) evaluation.set(e.name(), evaluation(e));
        num(o, "roc_auc", c.roc().auc());
        num(o, "eer", c.eer().eer());
        ObjectNode tar = o.putObject("tar_at_far");
        for (TarAtFar t : c.tarAtFar()) {
            ObjectNode n = tar.putObject(Numbers.repr(t.targetFar()));
            num(n, "threshold", t.threshold());
            num(n, "tar", t.tar());
            num(n, "far", t.far());
        }
        ObjectNode c45 = o.putObject("c45_split");
        c45.put("heuristic", c.c45().heuristic());
        ArrayNode cand = c45.putArray("candidates");
        for (double v : c.c45().candidates()) cand.add(v);
        num(c45, "gain_ratio", c.c45().gainRatio());
        num(o.putObject("c45_exact_split"), "gain_ratio", c.c45Exact().gainRatio());
        ArrayNode pr = o.putArray("precision_recall");
        for (PrecisionRecallTable.Row r : c.precisionRecall().rows()) {
            ObjectNode n = pr.addObject();
            num(n, "cutoff", r.cutoff());
            num(n, "precision", r.precision());
            num(n, "recall", r.recall());
            n.put("tp", r.confusion().tp());
            n.put("fp", r.confusion().fp());
            n.put("fn", r.confusion().fn());
            n.put("tn", r.confusion().tn());
        }
        ConfidenceModel m = c.confidence();
        if (m != null) {
            ObjectNode conf = o.putObject("confidence");
            conf.put("threshold_method", m.thresholdMethod());
            conf.put("direction", m.direction().label());
            num(conf, "threshold", m.threshold());
            m.constants().forEach((k, v) -> num(conf, k, v));
        } else {
            o.putNull("confidence");
            o.put("confidence_error", c.confidenceError());
        }
        Bootstrap b = c.bootstrap();
        if (b != null) {
            ObjectNode n = o.putObject("bootstrap");
            n.put("method", b.method());
            n.put("resamples", b.resamples());
            n.put("seed", b.seed());
            interval(n, "threshold", b.threshold());
            interval(n, "precision", b.precision());
            interval(n, "recall", b.recall());
            interval(n, "f1", b.f1());
            interval(n, "accuracy", b.accuracy());
        }
        return o;
    }

    private static ObjectNode stats(DistanceStats s) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("count", s.count());
        num(n, "mean", s.mean());
        num(n, "std", s.std());
        num(n, "min", s.min());
        num(n, "max", s.max());
        return n;
    }

    private static ObjectNode evaluation(Evaluation e) {
        ObjectNode n = MAPPER.createObjectNode();
        num(n, "threshold", e.threshold());
        n.put("tn", e.confusion().tn());
        n.put("fp", e.confusion().fp());
        n.put("fn", e.confusion().fn());
        n.put("tp", e.confusion().tp());
        num(n, "precision", e.precision());
        num(n, "recall", e.recall());
        num(n, "f1", e.f1());
        num(n, "accuracy", e.accuracy());
        num(n, "far", e.far());
        num(n, "frr", e.frr());
        return n;
    }

    private static void interval(ObjectNode parent, String name, Interval i) {
        ArrayNode a = parent.putArray(name);
        a.add(i.low());
        a.add(i.high());
    }

    private static void array(ObjectNode parent, String name, double[] values) {
        ArrayNode a = parent.putArray(name);
        for (double v : values) a.add(v);
    }

    private static void num(ObjectNode n, String key, double v) {
        if (Double.isFinite(v)) n.put(key, v); else n.putNull(key);
    }
}
