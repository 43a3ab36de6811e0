/**
 * The file formats an import reads, by file extension: a module of its own, without the parsers
 * (read-file.ts), so the API can list them at start without loading shpjs, proj4, xmldom and the rest.
 */

/** Formats by file extension. */
export const FORMATS: Record<string, string> = {
  '.geojson': 'GeoJSON',
  '.json': 'GeoJSON',
  '.csv': 'CSV',
  '.txt': 'CSV (tab- or comma-separated)',
  '.tsv': 'CSV (tab-separated)',
  '.xlsx': 'Excel workbook',
  '.zip': 'zipped Shapefile (.shp, .dbf, .prj, .cpg)',
  '.kml': 'KML',
  '.kmz': 'KMZ',
  '.gpx': 'GPX',
};

export const ACCEPTED = () => Object.keys(FORMATS).join(', ');
