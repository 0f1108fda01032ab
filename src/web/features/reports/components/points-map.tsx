import { useId } from 'react';

/**
 * Points placed by latitude and longitude on a plain grid of the UK (decision 129): no map tiles or
 * outside services, so it works offline and in tests. A list of the same places goes alongside it;
 * the SVG is a picture of that list. Beyond a few hundred places they are drawn as groups with
 * their counts (decision 161), and the list beside it is of the groups.
 */

export interface MapPoint {
  id: string;
  label: string;
  latitude: number | null;
  longitude: number | null;
  kind: 'site' | 'gap' | 'meeting';
}

interface Bounds {
  north: number;
  south: number;
  west: number;
  east: number;
}

// The UK and Ireland's extent, with longitude squeezed by cos(54°) so shapes are not stretched.
const UK: Bounds = { north: 61, south: 49.8, west: -8.7, east: 2 };
const SCALE = 60;
const COS = Math.cos((54 * Math.PI) / 180);
/** The drawing's width in SVG units whatever it shows, so the symbols keep their size when the map is fitted to a few places. */
const WIDTH = (UK.east - UK.west) * COS * SCALE;
/**
 * The least a fitted map shows from north to south, in degrees (about 22 km): one place, or a few in
 * one town, are shown with their surroundings rather than blown up to fill the map (decision 180).
 */
export const MIN_FITTED_SPAN = 0.2;

/**
 * The part of the map to draw for these places: the bounds of the points with a margin, at least
 * MIN_FITTED_SPAN high, and never narrower than three quarters of its height or wider than twice it,
 * so it suits a phone held upright and a desktop alike. No places: the whole UK.
 */
export function fittedBounds(places: { latitude: number; longitude: number }[]): Bounds {
  if (places.length === 0) return UK;
  const lats = places.map((p) => p.latitude);
  const lons = places.map((p) => p.longitude);
  const [south, north, west, east] = [Math.min(...lats), Math.max(...lats), Math.min(...lons), Math.max(...lons)];
  let height = Math.max((north - south) * 1.3, MIN_FITTED_SPAN);
  // Widths in "squeezed" degrees, the same units as heights on the drawing.
  let width = Math.max((east - west) * COS * 1.3, MIN_FITTED_SPAN);
  width = Math.max(width, height * 0.75);
  height = Math.max(height, width / 2);
  const [midLat, midLon] = [(north + south) / 2, (east + west) / 2];
  return { north: midLat + height / 2, south: midLat - height / 2, west: midLon - width / COS / 2, east: midLon + width / COS / 2 };
}

/** Grid lines a step apart that gives at most six across the bounds (1°, 0.5°, 0.2° … 0.02°). */
function gridLines(from: number, to: number): number[] {
  const step = [2, 1, 0.5, 0.2, 0.1, 0.05, 0.02].reverse().find((s) => (to - from) / s <= 6) ?? 2;
  const lines: number[] = [];
  for (let v = Math.ceil(from / step) * step; v < to; v += step) lines.push(Number(v.toFixed(2)));
  return lines;
}
const degrees = (value: number) => Number(Math.abs(value).toFixed(2)).toString();

/**
 * The places of one region in one cell of the map, counted (decision 161): drawn as a square for
 * its licensed sites (red when one or more has no meeting) under a circle for its meetings whose
 * area grows with their number.
 */
export interface MapGroup {
  key: string;
  label: string;
  latitude: number | null;
  longitude: number | null;
  licensedSites: number;
  sitesWithoutMeeting: number;
  runningMeetings: number;
}

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/** What a group holds, in words: "3 licensed sites (1 with no meeting), 120 meetings running". */
export function groupSummary(g: Pick<MapGroup, 'licensedSites' | 'sitesWithoutMeeting' | 'runningMeetings'>): string {
  const sites = g.licensedSites ? `${plural(g.licensedSites, 'licensed site', 'licensed sites')}${g.sitesWithoutMeeting ? ` (${g.sitesWithoutMeeting.toLocaleString('en-GB')} with no meeting)` : ''}` : '';
  const meetings = g.runningMeetings ? plural(g.runningMeetings, 'meeting running', 'meetings running') : '';
  return [sites, meetings].filter(Boolean).join(', ');
}

/** A circle's radius for a number of meetings: its area grows with the number, from a point's size up to a cap. */
const groupRadius = (n: number) => Math.min(4 + 1.2 * Math.sqrt(n), 22);

const SYMBOLS: Record<MapPoint['kind'], { name: string; className: string }> = {
  meeting: { name: 'Meeting', className: 'map-point map-meeting' },
  site: { name: 'Licensed site with a meeting', className: 'map-point map-site' },
  gap: { name: 'Licensed site with no meeting', className: 'map-point map-gap' },
};

/**
 * The map of every place (`points`), or of the places counted by group (`groups`) when there are too
 * many to show each. `fit`: draw only the part of the map around the places (one organisation's sites
 * and meetings), not the whole UK.
 */
export function PointsMap({ title, points, groups, fit = false }: { title: string; points: MapPoint[]; groups?: MapGroup[] | undefined; fit?: boolean }) {
  const id = useId();
  const placed = points.filter((p) => p.latitude !== null && p.longitude !== null);
  const placedGroups = (groups ?? []).filter((g) => g.latitude !== null && g.longitude !== null);
  const bounds = fit ? fittedBounds([...placed, ...placedGroups] as { latitude: number; longitude: number }[]) : UK;
  const scale = WIDTH / ((bounds.east - bounds.west) * COS);
  const x = (longitude: number) => (longitude - bounds.west) * COS * scale;
  const y = (latitude: number) => (bounds.north - latitude) * scale;
  const width = WIDTH;
  const height = y(bounds.south);
  const caption = groups
    ? `${title}: ${placedGroups.length} of ${groups.length} groups of places shown by their coordinates, each a region's places within about 20 km`
    : `${title}: ${placed.length} of ${points.length} places shown by their coordinates`;
  const lats = fit ? gridLines(bounds.south, bounds.north) : [50, 52, 54, 56, 58, 60];
  const lons = fit ? gridLines(bounds.west, bounds.east) : [-8, -6, -4, -2, 0, 2];
  return (
    <figure className={fit ? 'network-map network-map-fitted' : 'network-map'}>
      <figcaption id={`${id}-title`}>{caption}</figcaption>
      <svg viewBox={`0 0 ${width.toFixed(0)} ${height.toFixed(0)}`} role="img" aria-labelledby={`${id}-title`} className="network-map-svg" focusable="false">
        {lats.map((lat) => (
          <g key={`lat${lat}`}>
            <line x1={0} x2={width} y1={y(lat)} y2={y(lat)} className="map-grid" />
            <text x={4} y={y(lat) - 3} className="map-grid-label">
              {degrees(lat)}°N
            </text>
          </g>
        ))}
        {lons.map((lon) => (
          <g key={`lon${lon}`}>
            <line y1={0} y2={height} x1={x(lon)} x2={x(lon)} className="map-grid" />
            <text y={height - 4} x={x(lon) + 3} className="map-grid-label">
              {degrees(lon)}°{lon < 0 ? 'W' : lon > 0 ? 'E' : ''}
            </text>
          </g>
        ))}
        {/* Groups: sites' squares first, the meetings' circles over them, the biggest circles first so small ones stay visible. */}
        {placedGroups
          .filter((g) => g.licensedSites > 0)
          .map((g) => (
            <rect key={`s${g.key}`} x={x(g.longitude!) - 7} y={y(g.latitude!) - 7} width={14} height={14} className={`map-point ${g.sitesWithoutMeeting ? 'map-gap' : 'map-site'}`}>
              <title>{`${g.label}: ${groupSummary(g)}`}</title>
            </rect>
          ))}
        {placedGroups
          .filter((g) => g.runningMeetings > 0)
          .sort((a, b) => b.runningMeetings - a.runningMeetings)
          .map((g) => (
            <circle key={`m${g.key}`} cx={x(g.longitude!)} cy={y(g.latitude!)} r={groupRadius(g.runningMeetings)} className="map-point map-meeting map-group">
              <title>{`${g.label}: ${groupSummary(g)}`}</title>
            </circle>
          ))}
        {/* Sites first and larger, so a meeting at the same place shows inside its site's square. */}
        {[...placed.filter((p) => p.kind !== 'meeting'), ...placed.filter((p) => p.kind === 'meeting')].map((p) =>
          p.kind === 'meeting' ? (
            <circle key={`${p.kind}${p.id}`} cx={x(p.longitude!)} cy={y(p.latitude!)} r={4} className={SYMBOLS[p.kind].className}>
              <title>{`${SYMBOLS[p.kind].name}: ${p.label}`}</title>
            </circle>
          ) : (
            <rect key={`${p.kind}${p.id}`} x={x(p.longitude!) - 8} y={y(p.latitude!) - 8} width={16} height={16} className={SYMBOLS[p.kind].className}>
              <title>{`${SYMBOLS[p.kind].name}: ${p.label}`}</title>
            </rect>
          ),
        )}
      </svg>
      {groups ? (
        <ul className="map-key">
          <li>
            <span className="map-key-symbol map-meeting-key" aria-hidden="true" /> Meetings running (circle, larger for more)
          </li>
          <li>
            <span className="map-key-symbol map-site-key" aria-hidden="true" /> Licensed sites, each with a meeting (square)
          </li>
          <li>
            <span className="map-key-symbol map-gap-key" aria-hidden="true" /> Licensed sites, one or more with no meeting (red square)
          </li>
        </ul>
      ) : (
        <ul className="map-key">
          <li>
            <span className="map-key-symbol map-meeting-key" aria-hidden="true" /> Meeting (circle)
          </li>
          <li>
            <span className="map-key-symbol map-site-key" aria-hidden="true" /> Licensed site with a meeting (square)
          </li>
          <li>
            <span className="map-key-symbol map-gap-key" aria-hidden="true" /> Licensed site with no meeting (red square)
          </li>
        </ul>
      )}
    </figure>
  );
}
