"""shapely 1.8 peer: shapely.vectorized.contains on prepared zone geometries (planar lon/lat).

Usage: shapely_peer.py zones.geojson (--bin fixes.bin N | --csv tracks.csv) hash_out.bin
Prints one JSON line: {"seconds": classify time, "parse_seconds": ..., "fixes": N}.
"""
import json
import sys
import time

t_start = time.perf_counter()
import numpy as np
import shapely.vectorized
from shapely.geometry import shape
from shapely.ops import unary_union
from shapely.prepared import prep

zones_path, mode, src = sys.argv[1], sys.argv[2], sys.argv[3]
if mode == '--bin':
    n = int(sys.argv[4])
    out_path = sys.argv[5]
    t0 = time.perf_counter()
    raw = np.fromfile(src, dtype='<f8')
    lat, lon = raw[:n], raw[n:2 * n]
else:
    out_path = sys.argv[4]
    t0 = time.perf_counter()
    # track,time,lat,lon,alt_ft,category,operator
    cols = np.loadtxt(src, delimiter=',', skiprows=1, usecols=(2, 3), dtype=np.float64)
    lat, lon = np.ascontiguousarray(cols[:, 0]), np.ascontiguousarray(cols[:, 1])
    n = len(lat)
parse_s = time.perf_counter() - t0

with open(zones_path) as f:
    fc = json.load(f)
geoms = []
for feat in fc['features']:
    g = shape(feat['geometry'])
    if not g.is_valid:
        g = unary_union([p.buffer(0) for p in g.geoms]) if hasattr(g, 'geoms') else g.buffer(0)
    geoms.append((feat['properties']['index'], g, prep(g)))

t1 = time.perf_counter()
h = np.zeros(n, dtype=np.uint32)
for index, g, pg in geoms:
    minx, miny, maxx, maxy = g.bounds
    # The bounding-box filter a shapely user writes before the vectorized test.
    sel = np.nonzero((lon >= minx) & (lon <= maxx) & (lat >= miny) & (lat <= maxy))[0]
    if len(sel) == 0:
        continue
    inside = shapely.vectorized.contains(g, lon[sel], lat[sel])
    h[sel[inside]] += np.uint32(((index + 1) * 2654435761) & 0xFFFFFFFF)
classify_s = time.perf_counter() - t1
h.astype('<u4').tofile(out_path)
print(json.dumps({"seconds": classify_s, "parse_seconds": parse_s, "fixes": int(n),
                  "total_seconds": time.perf_counter() - t_start, "shapely": shapely.__version__,
                  "numpy": np.__version__}))
