// A world map of AWS Regions, drawn from approximate longitudes and latitudes on an equirectangular
// projection: coarse coastlines, every Region of the partition as a dot, the primary key's Region and its
// replicas' Regions marked, and an arc from the primary to each replica. No tiles, nothing from the network.
import {h, svg} from './dom.js';

/** Where the Regions are, [longitude, latitude] of the city they are named after (approximately). */
export const REGION_POSITIONS = {
  'us-east-1': [-77.5, 39.0], 'us-east-2': [-83.0, 40.0], 'us-west-1': [-121.9, 37.4], 'us-west-2': [-119.7, 45.8],
  'ca-central-1': [-73.6, 45.5], 'ca-west-1': [-114.1, 51.0], 'mx-central-1': [-100.4, 20.6],
  'sa-east-1': [-46.6, -23.5], 'af-south-1': [18.4, -33.9],
  'eu-west-1': [-6.3, 53.3], 'eu-west-2': [-0.1, 51.5], 'eu-west-3': [2.4, 48.9], 'eu-central-1': [8.7, 50.1],
  'eu-central-2': [8.5, 47.4], 'eu-north-1': [18.1, 59.3], 'eu-south-1': [9.2, 45.5], 'eu-south-2': [-0.9, 41.6],
  'eusc-de-east-1': [13.1, 52.4],
  'il-central-1': [34.8, 32.1], 'me-south-1': [50.6, 26.1], 'me-central-1': [54.4, 24.5],
  'ap-south-1': [72.9, 19.1], 'ap-south-2': [78.5, 17.4], 'ap-east-1': [114.2, 22.3], 'ap-east-2': [121.5, 25.0],
  'ap-southeast-1': [103.8, 1.35], 'ap-southeast-2': [151.2, -33.9], 'ap-southeast-3': [106.8, -6.2],
  'ap-southeast-4': [145.0, -37.8], 'ap-southeast-5': [101.7, 3.1], 'ap-southeast-6': [174.8, -36.8],
  'ap-southeast-7': [100.5, 13.75], 'ap-northeast-1': [139.7, 35.7], 'ap-northeast-2': [127.0, 37.6],
  'ap-northeast-3': [135.5, 34.7],
  'cn-north-1': [116.4, 39.9], 'cn-northwest-1': [106.3, 38.5],
  'us-gov-east-1': [-82.9, 39.9], 'us-gov-west-1': [-122.7, 45.5],
};

// Coastlines, simplified to a few dozen points each ([longitude, latitude]).
const LAND = [
  // North America
  [[-168, 66], [-162, 70], [-156, 71.3], [-140, 69.6], [-128, 70], [-115, 68.5], [-95, 72], [-82, 73], [-80, 63],
    [-90, 57], [-82, 53], [-78, 58], [-72, 62], [-64, 60], [-56, 52], [-60, 46], [-66, 44], [-70, 42], [-74, 40.5],
    [-76, 37], [-76, 35], [-81, 31], [-80, 26], [-82, 27], [-84, 30], [-90, 29.5], [-94, 29.5], [-97, 26], [-97.5, 22],
    [-96, 19], [-91, 18.5], [-88, 21.5], [-87, 16], [-83.5, 15], [-83.5, 11], [-80, 9], [-77.5, 8.5], [-80, 7.3],
    [-83, 8.5], [-86, 12], [-91, 14], [-95, 16], [-100, 17], [-105, 20], [-105.5, 23], [-109, 25.5], [-112.5, 29],
    [-114.5, 31], [-113, 28], [-110, 23], [-112, 24.5], [-115, 28], [-117, 32.5], [-120.5, 34.5], [-122.5, 37.5],
    [-124, 40.5], [-124.5, 43], [-124, 47], [-123, 49], [-128, 51], [-131, 54.5], [-135, 57.5], [-140, 60],
    [-146, 60.5], [-152, 59], [-157, 57.5], [-163, 55], [-158, 58.5], [-162, 60], [-166, 62], [-165, 64.5]],
  // Greenland
  [[-73, 78], [-60, 82], [-35, 83.5], [-20, 82], [-18, 76], [-22, 70], [-32, 68], [-40, 65], [-44, 60], [-50, 63],
    [-54, 67], [-55, 70], [-60, 75.5]],
  // Baffin Island
  [[-80, 63.5], [-73, 62.5], [-65, 65], [-68, 69], [-77, 72.5], [-87, 73], [-80, 70]],
  // Cuba, Hispaniola
  [[-85, 21.8], [-82, 23.2], [-77, 22], [-74.2, 20.2], [-77.5, 19.9], [-81, 21.6]],
  [[-74.5, 18.4], [-72.8, 19.9], [-69, 19.7], [-68.3, 18.6], [-71, 18]],
  // South America
  [[-77.5, 8.5], [-72, 12], [-62, 10.5], [-57, 6], [-51, 4], [-50, 0], [-44, -2.5], [-35, -5.5], [-35, -9],
    [-39, -13.5], [-41, -22], [-48, -25.5], [-53, -34], [-58, -34.5], [-57, -38], [-62, -39], [-65, -42],
    [-67.5, -46.5], [-69, -51], [-68.5, -54.5], [-72, -53.5], [-75, -49], [-73.5, -42], [-73.5, -37], [-71.5, -30],
    [-70.3, -18], [-76, -14], [-81, -5.5], [-80, -1], [-78.5, 2]],
  // Eurasia
  [[-9.5, 37], [-9, 43], [-2, 43.5], [-1.5, 46.5], [-4.5, 48.5], [1.5, 50.9], [4, 51.5], [8, 53.5], [8.5, 57],
    [10.5, 57.7], [10.5, 54.5], [14, 54], [19, 54.5], [21, 56.5], [24, 57.5], [23.5, 59.5], [29.5, 60], [22.5, 60.5],
    [21.5, 63], [25, 65.5], [22, 65.8], [18, 62.5], [17.5, 60.5], [19, 59.5], [16.5, 56.5], [13, 55.5], [11, 58.5],
    [8, 58], [5.5, 59], [5, 62], [10, 64], [14, 67.5], [19, 70], [25, 71], [31, 70], [41, 67.5], [44, 68.5],
    [53, 68.5], [60, 69.5], [68, 69], [70, 73], [80, 73.5], [87, 75], [100, 77], [105, 77.5], [113, 74], [128, 72.5],
    [140, 72.5], [150, 71], [160, 70], [170, 70], [180, 69], [180, 65], [178, 62.5], [170, 60], [163, 60], [162, 57],
    [156, 51], [156, 57.5], [160, 61], [154, 59.3], [143, 59.3], [137, 54], [141, 52], [140, 48], [135, 43.5],
    [130, 42.5], [129, 35.5], [126.5, 34.5], [126, 37.5], [124.5, 40], [121.2, 38.8], [121.5, 40.8], [119, 39.3],
    [117.7, 38.7], [118.8, 37.4], [122.5, 37.2], [119.5, 35], [120.8, 32.5], [121.8, 31], [121.5, 28.5],
    [119.5, 25.5], [117, 23.5], [114, 22.3], [110, 21], [108, 21.5], [106, 19], [109, 12], [106, 8.5], [104.8, 8.6],
    [105, 10], [103, 10.5], [100, 13.5], [99.2, 10], [100.3, 7], [103.5, 1.3], [101, 2.5], [98, 8], [98.5, 13],
    [97.6, 16.5], [94.5, 17], [94, 19.5], [92, 21], [89, 22], [87, 21.5], [85, 19.5], [80.5, 15.5], [80, 10], [77, 8],
    [74.5, 13], [73, 19], [72.5, 21.5], [70, 22.5], [67, 24.8], [61.5, 25.2], [57, 25.8], [56.4, 26.9], [54, 26.7],
    [51.5, 27.8], [50, 30.2], [48, 30], [50.5, 26.2], [51.5, 24.5], [54.5, 24.2], [56.3, 26.2], [56.5, 24.5],
    [59.5, 22.5], [57, 18.9], [55, 17], [52, 15.8], [45, 13], [43.3, 12.7], [42.7, 15.5], [39, 21.5], [35, 28],
    [34.5, 29.5], [34.2, 31.3], [35.5, 33.5], [36, 36], [32, 36.2], [28, 36.7], [26.3, 38.3], [26.5, 40.3], [29, 41],
    [31, 41.2], [35, 42], [38.5, 41], [41.5, 41.5], [39.7, 43.5], [37.5, 45], [35, 45], [33, 45.5], [31, 46.6],
    [29.7, 45.3], [28.6, 44], [27.8, 42], [26, 40.8], [23, 40.3], [24, 38], [22, 36.5], [21, 38.5], [19.5, 40.5],
    [19.3, 42.2], [16, 43.5], [13.5, 45.7], [12.3, 44.8], [14, 42.5], [16, 41.2], [18.5, 40.2], [16.5, 38.9],
    [15.6, 38], [15.7, 40], [13, 41.2], [10.5, 43], [8.6, 44.4], [6.5, 43.1], [3.2, 43.2], [3.2, 42], [0.9, 41],
    [-0.3, 39.5], [0.2, 38.8], [-0.7, 37.6], [-2.1, 36.7], [-5.6, 36], [-6.5, 36.9], [-7.5, 37.2]],
  // Great Britain, Ireland, Iceland
  [[-5.7, 50], [1.5, 51.2], [1.7, 52.7], [0, 53.5], [-1.6, 55.6], [-2, 57.7], [-4, 58.6], [-5, 58.6], [-6.2, 56.5],
    [-5, 55], [-3, 54], [-4.5, 53.3], [-5.3, 51.7], [-3, 51.4]],
  [[-6, 52], [-6, 54], [-7.5, 55.3], [-10, 54.3], [-10, 51.6]],
  [[-22, 64], [-24, 65.5], [-22, 66.4], [-16, 66.5], [-13.5, 65], [-18, 63.4]],
  // Africa, Madagascar
  [[-17, 21], [-13, 27.8], [-9.8, 30], [-9.5, 32.5], [-6, 35.8], [-2, 35.1], [3, 36.8], [10, 37.3], [11, 35.5],
    [10, 34], [11, 33.2], [15.2, 32.3], [19, 30.3], [20, 32], [23, 32.6], [25, 31.6], [29, 30.9], [32.3, 31.3],
    [34.5, 28], [35.5, 24], [37.3, 21], [38.5, 18], [39.5, 15.5], [43.3, 12.4], [44, 10.4], [51.2, 11.8], [51, 10.5],
    [49, 6], [46, 2], [41.5, -1.7], [40, -4], [39.5, -7], [40.5, -10.5], [40.5, -15], [35, -20], [35.5, -24],
    [32.8, -26], [32.5, -28.5], [30, -31.3], [27, -33.6], [22, -34], [18.5, -34.2], [18, -31], [15.5, -27],
    [14.5, -22.5], [11.8, -17.2], [13.5, -11.5], [12, -5], [9.5, -2], [9.5, 3.5], [8.5, 4.5], [5, 6], [1.5, 6.2],
    [-2, 4.8], [-7.5, 4.4], [-11.5, 7], [-13.3, 9], [-15, 11], [-16.8, 13.5], [-17.5, 14.7], [-16, 19.5]],
  [[44, -25], [47, -25], [50.5, -15.5], [49.3, -12], [47, -13.5], [44, -17], [43.5, -21]],
  // Sri Lanka, Taiwan, Japan, the Philippines
  [[79.8, 6.2], [80, 9.8], [81.8, 7.5], [81, 6]],
  [[120.1, 23], [121, 25.2], [122, 25], [120.8, 22]],
  [[130, 31.5], [131.5, 31.5], [132, 33.8], [135, 33.5], [136.8, 34.3], [139.8, 35], [140.8, 35.7], [141, 38.3],
    [142, 39.5], [141.3, 41.4], [140, 40.6], [139.9, 38.5], [137, 37], [133, 35.5], [130.8, 34.3], [129.5, 33.3]],
  [[140, 41.5], [141.5, 42.5], [143.3, 42], [145.5, 43.3], [144, 44.1], [141.7, 45.4], [141.5, 43.5], [140, 42.7]],
  [[120, 18.5], [122.3, 18.5], [122, 16], [124, 13.5], [121, 13.7], [120.5, 15]],
  [[122, 7], [125, 9.5], [126.5, 7], [125.5, 6]],
  // Sumatra, Java, Borneo, New Guinea
  [[95.3, 5.5], [97.5, 5.2], [100.5, 2], [104, -1], [106, -3], [106, -5.8], [104.5, -5.9], [102, -4], [100.5, -1.5],
    [98.5, 1.7]],
  [[105.2, -6.8], [108, -6.3], [111, -6.5], [114.5, -7.7], [114.4, -8.7], [111, -8.2], [106.5, -7.4]],
  [[109, 1.8], [111, 1.6], [113, 3.2], [115.5, 5.3], [117.5, 7], [119, 5], [118, 1], [117.5, -1], [116.5, -3.5],
    [114.5, -4], [110.2, -3], [110, -1.3]],
  [[131, -1], [134, -0.8], [138, -1.6], [141, -2.6], [145, -4.5], [147.5, -6], [147.5, -8], [150, -10.5],
    [146, -8.5], [143.5, -9], [141, -9.2], [138, -8.3], [137.8, -5], [133, -4], [132, -2.8]],
  // Australia, New Zealand
  [[113.5, -22], [114, -26.5], [115, -34], [118, -35], [123.5, -34], [131, -31.5], [137.5, -33.5], [138, -35.5],
    [140, -38], [144, -38.3], [146, -39], [150, -37.5], [151.5, -33], [153.5, -28], [153, -25], [150.5, -22.5],
    [146, -19], [145.3, -15], [142.5, -10.7], [141.5, -13.5], [141.5, -17], [140, -17.5], [136, -15], [136.8, -12],
    [132, -11.2], [130, -13], [129, -15], [126, -14], [122, -17.5], [121, -19.5], [117, -20.7]],
  [[172.7, -34.5], [175.5, -37], [178.5, -37.7], [176.9, -39.6], [175, -41.5], [174.6, -39.8], [173.8, -39.2],
    [174.6, -37.5]],
  [[172.8, -40.5], [174.2, -41.7], [172.7, -43.5], [171, -45], [169, -46.6], [166.5, -46], [168, -44], [171, -42]],
];

const TOP = 84;
const BOTTOM = -57;
const WIDTH = 360;
const HEIGHT = TOP - BOTTOM;

/** The partition of a Region name, as the server's Partition says: aws-cn, aws-us-gov or aws. */
function partitionOf(region) {
  return region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
}

function x(longitude) {
  return (longitude + 180).toFixed(1);
}

function y(latitude) {
  return (TOP - latitude).toFixed(1);
}

function point([longitude, latitude]) {
  return x(longitude) + ',' + y(latitude);
}

/** The arc from one Region to another: a quadratic curve bowed away from the equator. */
function arc(from, to) {
  const [x1, y1] = [from[0] + 180, TOP - from[1]];
  const [x2, y2] = [to[0] + 180, TOP - to[1]];
  const distance = Math.hypot(x2 - x1, y2 - y1);
  const middleX = (x1 + x2) / 2;
  const middleY = (y1 + y2) / 2 - Math.min(40, distance * 0.25);
  return `M${x1.toFixed(1)},${y1.toFixed(1)} Q${middleX.toFixed(1)},${middleY.toFixed(1)} ${x2.toFixed(1)},${y2.toFixed(1)}`;
}

function marker(region, role, position) {
  const [cx, cy] = [x(position[0]), y(position[1])];
  const onTheLeft = position[0] > 120; // labels near the right edge go left of their dot
  const label = svg('text', {x: Number(cx) + (onTheLeft ? -4.5 : 4.5), y: Number(cy) + 1.4,
    'text-anchor': onTheLeft ? 'end' : 'start', class: 'map-label map-label-' + role}, region);
  return svg('g', {class: 'map-marker map-' + role, dataset: {region, role}},
    svg('title', {}, region + ' (' + role + ')'),
    svg('circle', {cx, cy, r: role === 'replica' ? 2.6 : 3.4}),
    label);
}

/**
 * The map of a multi-Region key: the primary's Region, the replicas' Regions, an arc to each replica, and a
 * dot for every other Region of the partition; or, for a single-Region key, its one Region. Regions without a
 * known position are named under the map.
 */
export function regionMap(primary, replicas, partitionRegions, single) {
  const marked = new Set([primary, ...replicas, single].filter(Boolean));
  const partition = partitionOf(primary || single || '');
  const unplaced = [...marked].filter(region => !REGION_POSITIONS[region]);
  const graticule = [];
  for (let longitude = -150; longitude <= 180; longitude += 30) {
    graticule.push(svg('line', {x1: x(longitude), y1: 0, x2: x(longitude), y2: HEIGHT, class: 'map-grid'}));
  }
  for (let latitude = -30; latitude <= 60; latitude += 30) {
    graticule.push(svg('line', {x1: 0, y1: y(latitude), x2: WIDTH, y2: y(latitude),
      class: latitude === 0 ? 'map-grid map-equator' : 'map-grid'}));
  }
  const others = [...new Set([...Object.keys(REGION_POSITIONS).filter(region => partitionRegions.length === 0
    || partitionRegions.includes(region)), ...partitionRegions])]
    .filter(region => REGION_POSITIONS[region] && !marked.has(region) && partitionOf(region) === partition)
    .map(region => svg('circle', {cx: x(REGION_POSITIONS[region][0]), cy: y(REGION_POSITIONS[region][1]), r: 1.1,
      class: 'map-region', dataset: {region}}, svg('title', {}, region)));
  const arcs = primary && REGION_POSITIONS[primary]
    ? replicas.filter(region => REGION_POSITIONS[region])
      .map(region => svg('path', {d: arc(REGION_POSITIONS[primary], REGION_POSITIONS[region]), class: 'map-arc',
        dataset: {from: primary, to: region}}))
    : [];
  const markers = [
    ...replicas.filter(region => REGION_POSITIONS[region]).map(region => marker(region, 'replica', REGION_POSITIONS[region])),
    ...(primary && REGION_POSITIONS[primary] ? [marker(primary, 'primary', REGION_POSITIONS[primary])] : []),
    ...(single && REGION_POSITIONS[single] ? [marker(single, 'single', REGION_POSITIONS[single])] : []),
  ];
  const map = svg('svg', {viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: 'region-map', id: 'region-map', role: 'img',
    'aria-label': 'Map of the primary key\'s Region and its replicas\' Regions'},
    svg('rect', {x: 0, y: 0, width: WIDTH, height: HEIGHT, class: 'map-sea'}),
    graticule,
    LAND.map(outline => svg('polygon', {points: outline.map(point).join(' '), class: 'map-land'})),
    others, arcs, markers);
  return h('figure', {class: 'map-figure'}, map,
    h('figcaption', {class: 'map-legend'},
      single ? h('span', {class: 'legend legend-primary'}, 'This key (single-Region)') : [
        h('span', {class: 'legend legend-primary'}, 'Primary key'),
        h('span', {class: 'legend legend-replica'}, 'Replica key')],
      h('span', {class: 'legend legend-region'}, 'Other Regions of the partition'),
      unplaced.length > 0 ? h('span', {class: 'muted'}, 'Not on the map: ' + unplaced.join(', ')) : null));
}
