/** The bench's markdown table: our collector against the request floor, then against the naive baseline. */

export interface BenchRow {
  devices: number;
  status: string;
  requests: number;
  floor: number;
  requestsVsFloor: number;
  /** GET /users requests and their floor, ceil(users / 300): the users cursor must keep sizePerPage on every page. */
  usersRequests: number;
  usersFloor: number;
  /** Sources that took more requests than their floor: `source requests/floor`. */
  overFloor: string[];
  wallSeconds: number;
  floorSeconds: number;
  wallVsFloor: number;
  workerPeakRssMB: number;
  normalizedRowsPerSecond: number;
  historyEvents: number;
  largestEventBytes: number;
  artifacts: number;
  /** Each Artifact's contentSha256 by type: a refactor that changes no behaviour leaves these alone. */
  contentSha256: Record<string, string>;
  naiveRequests: number;
  naiveWallSeconds: number;
  /** 'full', or `sample of N` when requests and wall time are projected from the first N devices. */
  naiveMeasured: string;
  naive429s: number;
  /** How the naive figures were projected; null when measured in full. */
  naiveProjection: string | null;
  requestsNaiveVsOurs: number;
  wallNaiveVsOurs: number;
}

const COLUMNS: [header: string, cell: (row: BenchRow) => unknown][] = [
  ['devices', (r) => r.devices],
  ['requests', (r) => r.requests],
  ['floor', (r) => r.floor],
  ['ratio', (r) => r.requestsVsFloor],
  ['users req/floor', (r) => `${r.usersRequests}/${r.usersFloor}`],
  ['wall s', (r) => r.wallSeconds],
  ['floor s', (r) => r.floorSeconds],
  ['wall/floor', (r) => r.wallVsFloor],
  ['worker RSS MB', (r) => r.workerPeakRssMB],
  ['rows/s normalized', (r) => r.normalizedRowsPerSecond],
  ['history events', (r) => r.historyEvents],
  ['largest event B', (r) => r.largestEventBytes],
  ['naive requests', (r) => r.naiveRequests],
  ['naive 429s', (r) => r.naive429s],
  ['naive wall s', (r) => r.naiveWallSeconds],
  ['naive measured', (r) => r.naiveMeasured],
  ['requests naive/ours', (r) => r.requestsNaiveVsOurs],
  ['wall naive/ours', (r) => r.wallNaiveVsOurs],
];

export function markdownTable(rows: readonly BenchRow[]): string {
  const line = (cells: unknown[]) => `| ${cells.join(' | ')} |`;
  return [line(COLUMNS.map(([header]) => header)), line(COLUMNS.map(() => '---')), ...rows.map((row) => line(COLUMNS.map(([, cell]) => cell(row))))].join('\n');
}

/** One line per row whose sources went over their floors, naming them. */
export function overFloorNotes(rows: readonly BenchRow[]): string[] {
  return rows.flatMap((row) => (row.overFloor.length ? [`over the floor, ${row.devices} devices: ${row.overFloor.join(', ')}`] : []));
}

/** One line per projected row, saying how its naive figures were obtained. */
export function projectionNotes(rows: readonly BenchRow[]): string[] {
  return rows.flatMap((row) => (row.naiveProjection ? [`naive, ${row.devices} devices: ${row.naiveProjection}`] : []));
}
