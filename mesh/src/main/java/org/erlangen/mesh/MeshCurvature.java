package org.erlangen.mesh;

/** Discrete curvatures per vertex. */
public final class MeshCurvature {
    private MeshCurvature() {
    }

    /**
     * Angle defect per vertex: 2 pi minus the sum of the angles of the faces at the vertex, or pi minus that sum
     * at a boundary vertex. Over a closed mesh the defects sum to 2 pi times the Euler characteristic exactly
     * (discrete Gauss-Bonnet).
     */
    public static double[] angleDefects(HalfEdgeMesh mesh) {
        double[] angles = MeshMeasures.cornerAngles(mesh.mesh());
        int[] f = mesh.mesh().faceArray();
        double[] defect = new double[mesh.vertexCount()];
        for (int v = 0; v < defect.length; v++) {
            defect[v] = mesh.isBoundaryVertex(v) ? Math.PI : 2 * Math.PI;
        }
        for (int c = 0; c < f.length; c++) {
            defect[f[c]] -= angles[c];
        }
        return defect;
    }

    /** Gaussian curvature per vertex: angle defect over barycentric vertex area. */
    public static double[] gaussian(HalfEdgeMesh mesh) {
        double[] defect = angleDefects(mesh);
        double[] area = MeshMeasures.vertexAreas(mesh.mesh());
        for (int v = 0; v < defect.length; v++) {
            defect[v] /= area[v];
        }
        return defect;
    }

    /**
     * Mean curvature per vertex, H = -(L x)_i . n_i / (2 A_i) with L the cotangent Laplacian, n the area-weighted
     * normal and A the barycentric area: 1 / r on a sphere of radius r with outward normals.
     */
    public static double[] mean(TriangleMesh mesh) {
        SparseMatrix laplacian = CotanLaplacian.of(mesh);
        double[] lx = laplacian.multiply(mesh.positionArray(), 3);
        double[] normals = MeshMeasures.vertexNormals(mesh, NormalWeighting.AREA);
        double[] area = MeshMeasures.vertexAreas(mesh);
        double[] h = new double[mesh.vertexCount()];
        for (int v = 0; v < h.length; v++) {
            h[v] = area[v] == 0 ? 0 : -Vec3.dot(lx, v, normals, v) / (2 * area[v]);
        }
        return h;
    }
}
