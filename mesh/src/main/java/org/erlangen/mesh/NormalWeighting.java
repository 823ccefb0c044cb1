package org.erlangen.mesh;

/** How face normals are averaged into a vertex normal. */
public enum NormalWeighting {
    /** Weighted by face area: the sum of the faces' cross products (the default, as in GEM-CNN). */
    AREA,
    /** Weighted by the face's interior angle at the vertex (independent of how the faces are cut). */
    ANGLE
}
