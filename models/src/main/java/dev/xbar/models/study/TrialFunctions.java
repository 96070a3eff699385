package dev.xbar.models.study;

import java.nio.file.Path;
import java.util.List;

/** The trial function of a study's model and mode: the one place that maps model names to trials. */
public final class TrialFunctions {
    /** The model names {@link #of} knows. */
    public static final List<String> MODELS = List.of("cnn", "mlp", "convlstm", "devices");

    private TrialFunctions() {}

    /**
     * The trial function for a study.
     *
     * @param study the study
     * @param dataFolder the folder of the study's dataset for network models, or null for the default cache
     * @param fetch whether network models fetch missing files
     * @return its trial function
     * @throws IllegalArgumentException for an unknown model
     */
    public static TrialFunction of(final Study study, final Path dataFolder, final boolean fetch) {
        return switch (study.model()) {
            case "cnn", "mlp", "convlstm" -> new NetworkTrial(study.training().dataset(), dataFolder, fetch);
            case "devices" -> new WorkingDevicesTrial();
            default ->
                throw new IllegalArgumentException("model '" + study.model() + "' has no yield trials (expected one of "
                        + String.join(", ", MODELS) + ")");
        };
    }
}
