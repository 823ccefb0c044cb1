package org.erlangen.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The dataset layouts this package reads, and which one a path holds. */
public enum DatasetFormat {
    /** A folder of TUDataset {@code NAME_*.txt} files: many small graphs with graph labels. */
    TU_DATASET,
    /** A folder with Planetoid {@code NAME.edges/features/labels/split.txt}: one graph with node labels. */
    PLANETOID,
    /** A single edge-list file: one graph, structure only (optionally weighted). */
    EDGE_LIST,
    /**
     * A folder in OGB's raw node-property layout ({@code raw/edge.csv.gz}, {@code raw/node-feat.csv.gz}, ...; see
     * {@link OgbNodeReader}): one graph with node labels and a fixed split.
     */
    OGB_NODE,
    /**
     * A folder with an RDF graph and labelled entities ({@link RdfEntityReader#LAYOUT}): one relational graph, its
     * entities to classify.
     */
    RDF_ENTITIES,
    /** A folder of knowledge-graph triples ({@link TriplesReader#LAYOUT}): link prediction over relations. */
    TRIPLES;

    /**
     * Says which layout {@code path} holds: a folder must be a TUDataset, a Planetoid, an OGB node-property
     * (known by its {@code raw/edge.csv[.gz]} and {@code raw/node-feat.csv[.gz]}), an RDF entity or a triples folder;
     * a regular file is an edge list. Throws when it is none of them, saying what each layout needs, or when a folder
     * holds two of them.
     */
    public static DatasetFormat detect(Path path) throws IOException {
        if (Files.isRegularFile(path)) {
            checkLooksLikeEdgeList(path);
            return EDGE_LIST;
        }
        if (!Files.isDirectory(path)) {
            throw new DatasetFormatException(path.toString(), "no such file or folder");
        }
        boolean tu = !TuDatasetReader.names(path).isEmpty();
        boolean planetoid = !PlanetoidReader.names(path).isEmpty();
        if (OgbNodeReader.isLayout(path)) {
            if (tu || planetoid) {
                throw new DatasetFormatException(path.toString(), "holds both OGB raw files and "
                        + (tu ? "TUDataset" : "Planetoid") + " files; point at a folder with only one dataset");
            }
            return OGB_NODE;
        }
        if (TriplesReader.isLayout(path)) {
            if (tu || planetoid || RdfEntityReader.isLayout(path)) {
                throw new DatasetFormatException(path.toString(), "holds both triples files (train, valid, test) and "
                        + (tu ? "TUDataset" : planetoid ? "Planetoid" : "RDF entity") + " files; point at a folder "
                        + "with only one dataset");
            }
            return TRIPLES;
        }
        if (RdfEntityReader.isLayout(path)) {
            if (tu || planetoid) {
                throw new DatasetFormatException(path.toString(), "holds both RDF entity files and "
                        + (tu ? "TUDataset" : "Planetoid") + " files; point at a folder with only one dataset");
            }
            return RDF_ENTITIES;
        }
        if (tu && planetoid) {
            throw new DatasetFormatException(path.toString(), "holds both TUDataset and Planetoid files; point at "
                    + "a folder with only one dataset");
        }
        if (tu) {
            String name = TuDatasetReader.detectName(path);
            for (String required : new String[] {"_A.txt", "_graph_labels.txt"}) {
                if (!Files.isRegularFile(path.resolve(name + required))) {
                    throw new DatasetFormatException(path.toString(), "looks like TUDataset " + name + " but has no "
                            + name + required);
                }
            }
            return TU_DATASET;
        }
        if (planetoid) {
            PlanetoidReader.detectName(path);
            return PLANETOID;
        }
        throw new DatasetFormatException(path.toString(), "not a dataset this library reads: expected a TUDataset "
                + "folder (NAME_A.txt, NAME_graph_indicator.txt, NAME_graph_labels.txt), a Planetoid folder "
                + "(NAME.edges.txt, NAME.features.txt, NAME.labels.txt, NAME.split.txt), an OGB node-property folder "
                + "(" + OgbNodeReader.LAYOUT + "), an RDF entity folder (" + RdfEntityReader.LAYOUT + "), a "
                + "triples folder (" + TriplesReader.LAYOUT + ") or an edge-list file");
    }

    /** The first content line must be "u v", "u v weight" or a LightGraphs header; the reader checks the rest. */
    private static void checkLooksLikeEdgeList(Path file) throws IOException {
        try (TextLines in = TextLines.open(file, "#%", false)) {
            String line = in.next();
            if (line == null) {
                throw new DatasetFormatException(in.source(), "empty; an edge list has lines 'u v' or 'u v weight'");
            }
            int fields = in.fields(line).length;
            if (fields != 2 && fields != 3 && !EdgeListReader.isLgHeader(in.fields(line))) {
                throw in.error("not a dataset this library reads: an edge-list file has lines 'u v' or "
                        + "'u v weight', this line has " + fields + " fields");
            }
        }
    }
}
