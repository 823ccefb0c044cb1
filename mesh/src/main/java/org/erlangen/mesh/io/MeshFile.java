package org.erlangen.mesh.io;

import org.erlangen.mesh.MeshSource;
import org.erlangen.mesh.MeshValidation;
import org.erlangen.mesh.TriangleMesh;

/** A mesh as read from a file, with the line (or byte offset) of every vertex and face. */
public record MeshFile(TriangleMesh mesh, MeshSource source) {
    /** Checks the mesh, naming file lines in the problems. */
    public MeshValidation validate() {
        return MeshValidation.of(mesh, source);
    }
}
