package org.erlangen.gauge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.erlangen.mesh.MeshGraphs;
import org.erlangen.mesh.TriangleMesh;
import org.erlangen.mesh.io.MeshDataset;
import org.erlangen.mesh.io.MeshIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's mesh example on the SHREC 2011 files, with the same calls (read the folder, train, classify a file,
 * save, load), on four classes and few epochs so that it stays quick; the figures come from mesh-classify.
 */
class ShrecExampleTest {
    @TempDir
    Path tmp;

    @Test
    void theReadmeExampleRunsOnTheShrecFiles() throws Exception {
        Path root = Path.of("..", "..", "shared", "data", "shrec11-16");
        Assumptions.assumeTrue(Files.isDirectory(root), "shared data " + root + " not present");
        MeshDataset shrec = MeshDataset.read(root, MeshDataset.OnError.FAIL);
        // alien (with its seven genus-1 meshes), ants, armadillo, bird1
        Set<Integer> four = Set.of(0, 1, 2, 3);
        List<MeshDataset.Entry> train = shrec.entries(MeshDataset.Split.TRAIN).stream()
                .filter(e -> four.contains(e.label())).toList();
        List<MeshDataset.Entry> test = shrec.entries(MeshDataset.Split.TEST).stream()
                .filter(e -> four.contains(e.label())).toList();
        assertEquals(64, train.size());
        MeshClassifier classifier = MeshClassifier.builder().features(MeshGraphs.NodeFeatures.HEAT_KERNEL)
                .augment(1, 0.2).labelSmoothing(0.2).weightDecay(5e-4).epochs(8).seed(1)
                .train(MeshDataset.meshes(train), MeshDataset.labels(train));
        double accuracy = classifier.accuracy(MeshDataset.meshes(test), MeshDataset.labels(test));
        assertTrue(accuracy >= 0.75, "4-class accuracy after 8 epochs " + accuracy);
        TriangleMesh alien = MeshIO.read(root.resolve("alien/test/T124.obj"));
        Path file = tmp.resolve("shrec.safetensors");
        classifier.save(file);
        MeshClassifier again = MeshClassifier.load(file);
        assertEquals(classifier.classify(alien), again.classify(alien));
        assertArrayEquals(classifier.logits(alien), again.logits(alien), 1e-6);
    }
}
