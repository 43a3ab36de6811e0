#!/usr/bin/python3
"""
A real QGIS reading our OGC API – Features and drawing it: PyQGIS, headless.

Connects to a running server's /ogc with QGIS's own "OAPIF" provider (the one behind
Layer > Add Layer > Add WFS / OGC API – Features Layer), loads every collection, counts each
layer's features through QGIS and compares them with /api, draws them in the layers' colours over
the county outlines (/api/counties, read by QGIS's OGR provider), and saves the rendering; then
loads every layer again as XYZ vector tiles (/tiles/{layer}/{z}/{x}/{y}.mvt) and saves that
rendering beside it (OUT-vector-tiles.png).

    QT_QPA_PLATFORM=offscreen /usr/bin/python3 scripts/qgis-shot.py http://127.0.0.1:8787 docs/qgis/qgis-ogc-layers.png

Needs Debian's QGIS (apt-get install qgis python3-qgis). A documentation step, not part of CI.
Exits 1 when a layer is not valid in QGIS or its count differs from /api's.
"""
import json
import sys
import urllib.request

from qgis.core import (
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsFillSymbol,
    QgsLineSymbol,
    QgsMapRendererParallelJob,
    QgsMapSettings,
    QgsMarkerSymbol,
    QgsRectangle,
    QgsSingleSymbolRenderer,
    QgsVectorLayer,
    QgsVectorTileLayer,
    QgsWkbTypes,
    Qgis,
)
from qgis.PyQt.QtCore import QSize, Qt
from qgis.PyQt.QtGui import QColor, QFont, QPainter


def get(url):
    with urllib.request.urlopen(url) as r:
        return json.load(r)


def main(base, out):
    base = base.rstrip("/")
    QgsApplication.setPrefixPath("/usr", True)
    app = QgsApplication([], False)
    app.initQgis()

    registry = {l["id"]: l for l in get(base + "/api/layers")["layers"]}
    collections = get(base + "/ogc/collections")["collections"]

    counties = QgsVectorLayer(base + "/api/counties", "counties", "ogr")
    counties.setRenderer(QgsSingleSymbolRenderer(QgsFillSymbol.createSimple({"color": "248,250,245,255", "outline_color": "125,154,131,255", "outline_width": "0.4"})))

    layers, problems, rows = [], [], []
    for c in collections:
        lid = c["id"]
        uri = f"url='{base}/ogc' typename='{lid}' restrictToRequestBBOX='0' pagingEnabled='true'"
        layer = QgsVectorLayer(uri, c.get("title", lid), "OAPIF")
        if not layer.isValid():
            problems.append(f"{lid}: not a valid layer in QGIS ({layer.error().summary()})")
            continue
        n = sum(1 for _ in layer.getFeatures())
        want = registry[lid]["count"]
        rows.append((lid, n, want))
        if n != want:
            problems.append(f"{lid}: QGIS read {n} features, /api has {want}")
        colour = QColor(registry[lid].get("color", "#d95f02"))
        geom = layer.geometryType()
        rgb = f"{colour.red()},{colour.green()},{colour.blue()}"
        if geom == QgsWkbTypes.PointGeometry:
            symbol = QgsMarkerSymbol.createSimple({"name": "circle", "color": rgb + ",230", "outline_color": "255,255,255,255", "size": "2.6"})
        elif geom == QgsWkbTypes.LineGeometry:
            symbol = QgsLineSymbol.createSimple({"line_color": rgb + ",255", "line_width": "0.7"})
        else:
            symbol = QgsFillSymbol.createSimple({"color": rgb + ",110", "outline_color": rgb + ",255", "outline_width": "0.4"})
        layer.setRenderer(QgsSingleSymbolRenderer(symbol))
        layers.append(layer)

    for lid, n, want in rows:
        print(f"{lid:22s} QGIS {n:5d}   /api {want:5d}   {'ok' if n == want else 'DIFFERENT'}")

    settings = QgsMapSettings()
    # Points first in the list: QGIS draws the list's first layer on top.
    order = sorted(layers, key=lambda l: {QgsWkbTypes.PointGeometry: 0, QgsWkbTypes.LineGeometry: 1}.get(l.geometryType(), 2))
    settings.setLayers(order + [counties])
    settings.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:3857"))
    settings.setBackgroundColor(QColor("#dce7ee"))
    size = QSize(1600, 1200)
    settings.setOutputSize(size)
    extent = settings.layerToMapCoordinates(counties, counties.extent())
    extent.scale(1.08)
    settings.setExtent(extent)
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()

    painter = QPainter(image)
    painter.setRenderHint(QPainter.Antialiasing)
    painter.setPen(QColor("#263238"))
    painter.setFont(QFont("Noto Sans CJK SC", 15))
    lines = [f"QGIS {Qgis.QGIS_VERSION} (PyQGIS, offscreen) · OGC API – Features: {base}/ogc · provider OAPIF"]
    lines += [f"{l.name()}  ·  {n} features" for l, (lid, n, want) in zip(layers, rows)]
    painter.fillRect(12, 12, 900, 16 + len(lines) * 26, QColor(255, 255, 255, 215))
    for i, text in enumerate(lines):
        painter.drawText(24, 36 + i * 26, text)
    painter.end()
    image.save(out)
    print(f"wrote {out}")

    # The same layers as vector tiles (Layer > Add Layer > Add Vector Tile Layer, a generic XYZ connection).
    tiles = []
    for c in collections:
        vt = QgsVectorTileLayer(f"type=xyz&url={base}/tiles/{c['id']}/{{z}}/{{x}}/{{y}}.mvt&zmin=0&zmax=16", c.get("title", c["id"]))
        if not vt.isValid():
            problems.append(f"{c['id']}: the vector tile layer is not valid in QGIS")
            continue
        tiles.append(vt)
    settings.setLayers(tiles + [counties])
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    tiles_out = out.replace(".png", "-vector-tiles.png")
    image = job.renderedImage()
    painter = QPainter(image)
    painter.fillRect(12, 12, 1100, 42, QColor(255, 255, 255, 215))
    painter.setPen(QColor("#263238"))
    painter.setFont(QFont("Noto Sans CJK SC", 15))
    painter.drawText(24, 40, f"QGIS {Qgis.QGIS_VERSION} · vector tiles {base}/tiles/{{layer}}/{{z}}/{{x}}/{{y}}.mvt · {len(tiles)} layers (QGIS default style)")
    painter.end()
    image.save(tiles_out)
    print(f"wrote {tiles_out}: {len(tiles)} vector tile layers")
    app.exitQgis()
    if problems:
        print("\n".join(problems), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit("usage: QT_QPA_PLATFORM=offscreen /usr/bin/python3 scripts/qgis-shot.py http://HOST:PORT OUT.png")
    main(sys.argv[1], sys.argv[2])
