package dev.xbar.cli;

import dev.xbar.datasets.MnistSequence;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The MNIST-sequence task as summary.json records it ({@code sequence_task}), and back: {@code xbar export} needs the
 * task to rebuild the convlstm's layout (its dense block has one output per class).
 */
final class SequenceTask {
    private SequenceTask() {}

    /** The task's fields, snake_case, with its number of classes. */
    static Map<String, Object> toMap(MnistSequence.Config c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task", c.task().id());
        m.put("digits", c.digits());
        m.put("frames", c.frames());
        m.put("repeats", c.repeats());
        m.put("classes", c.classes());
        m.put("train_sequences", c.trainCount());
        m.put("test_sequences", c.testCount());
        m.put("seed", c.seed());
        return m;
    }

    /**
     * The task a run's summary records; the default for summaries written before it was recorded.
     *
     * @throws IllegalArgumentException naming the file where {@code sequence_task} is not a task
     */
    static MnistSequence.Config of(Map<String, Object> summary, Path file) {
        Object value = summary.get("sequence_task");
        if (value == null) {
            return MnistSequence.Config.DEFAULT;
        }
        try {
            Map<?, ?> m = (Map<?, ?>) value;
            List<Integer> digits = ((List<?>) m.get("digits"))
                    .stream().map(d -> ((Number) d).intValue()).toList();
            return new MnistSequence.Config(
                    digits,
                    ((Number) m.get("frames")).intValue(),
                    (Boolean) m.get("repeats"),
                    MnistSequence.Task.named(String.valueOf(m.get("task"))),
                    ((Number) m.get("train_sequences")).intValue(),
                    ((Number) m.get("test_sequences")).intValue(),
                    ((Number) m.get("seed")).longValue());
        } catch (ClassCastException | NullPointerException | IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": sequence_task is not a MNIST-sequence task (" + value + ")");
        }
    }
}
