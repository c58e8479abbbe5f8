import { describe, expect, it } from 'vitest';
import { inverse } from '../../src/geo/geodesic.js';
import { isometricLat, latFromIsometric } from '../../src/geo/rhumb.js';
import { RingGeom } from '../../src/geo/ring.js';
import { EDGE_GEODESIC, EDGE_RHUMB, type Ring } from '../../src/zones/zone.js';

function ring(coords: Array<[number, number]>, kind = EDGE_GEODESIC): Ring {
  return {
    lat: Float64Array.from(coords.map((c) => c[0])),
    lon: Float64Array.from(coords.map((c) => c[1])),
    edges: new Uint8Array(coords.length).fill(kind),
  };
}

describe('geo', () => {
  it('inverts the isometric latitude to 1e-12°', () => {
    for (const lat of [-89.9, -60, -1e-9, 0, 12.5, 42, 75, 89.99]) {
      expect(Math.abs(latFromIsometric(isometricLat(lat)) - lat)).toBeLessThan(1e-12);
    }
  });

  it('tests points across the antimeridian', () => {
    const r = new RingGeom(
      ring([
        [50, 170],
        [50, -170],
        [60, -170],
        [60, 170],
      ]),
    );
    expect(r.rayParity(55, 179.9)).toBe(true);
    expect(r.rayParity(55, -179.9)).toBe(true);
    expect(r.rayParity(55, 165)).toBe(false);
    expect(r.rayParity(55, -165)).toBe(false);
  });

  it('tests points in a cap round the north pole', () => {
    const cap = new RingGeom(
      ring(
        [
          [80, 0],
          [80, 90],
          [80, 180],
          [80, -90],
        ],
        EDGE_RHUMB,
      ),
    );
    expect(cap.winding).toBe(360);
    expect(cap.rayParity(85, 45)).toBe(true);
    expect(cap.rayParity(89.999, -120)).toBe(true);
    expect(cap.rayParity(79, 10)).toBe(false);
  });

  it('follows a geodesic edge, not the parallel, between two points at one latitude', () => {
    // The geodesic from (42N, 120E) to (42N, 135E) bulges north: (42.15N, 127.5E) is south of it.
    const geo = new RingGeom(
      ring([
        [42, 120],
        [30, 120],
        [30, 135],
        [42, 135],
      ]),
    );
    const rh = new RingGeom(
      ring(
        [
          [42, 120],
          [30, 120],
          [30, 135],
          [42, 135],
        ],
        EDGE_RHUMB,
      ),
    );
    expect(geo.rayParity(42.15, 127.5)).toBe(true);
    expect(rh.rayParity(42.15, 127.5)).toBe(false);
  });

  it('measures the distance to a geodesic edge to the millimetre', () => {
    const r = new RingGeom(
      ring([
        [0, 0],
        [0, 10],
        [10, 10],
      ]),
    );
    // Along the equator the closest point is straight south.
    const d = r.edgeDistanceM(0, 1, 5);
    expect(Math.abs(d - inverse(1, 5, 0, 5).s12)).toBeLessThan(1e-3);
  });
});
