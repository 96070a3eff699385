package dev.xbar.models.train;

import dev.xbar.datasets.ImageSet;
import dev.xbar.datasets.MnistSequence;
import dev.xbar.datasets.SequenceSet;
import dev.xbar.datasets.TrainTest;
import dev.xbar.models.layer.ConvLstm;
import dev.xbar.models.layer.Network;
import dev.xbar.models.layer.TimeDistributed;

/**
 * Turns sequences into the images a recurrent {@link Network} takes: a sequence's frames stacked along the height,
 * frame 0 on top (the layout {@link TimeDistributed} and {@link ConvLstm} read), labelled with the sequence's class.
 */
final class SequenceImages {
    private SequenceImages() {}

    /**
     * Both splits of a sequence data set, stacked.
     *
     * @param sequences the data set
     * @return frames x height by width images
     */
    static TrainTest stacked(final MnistSequence sequences) {
        return new TrainTest(stacked(sequences.train()), stacked(sequences.test()));
    }

    private static ImageSet stacked(final SequenceSet set) {
        final int size = set.frames() * set.pixelsPerFrame();
        final float[] pixels = new float[set.count() * size];
        final byte[] labels = new byte[set.count()];
        for (int s = 0; s < set.count(); s++) {
            for (int t = 0; t < set.frames(); t++) {
                set.copyFrame(s, t, pixels, s * size + t * set.pixelsPerFrame());
            }
            labels[s] = (byte) set.label(s);
        }
        return ImageSet.of(set.frames() * set.height(), set.width(), pixels, labels);
    }
}
