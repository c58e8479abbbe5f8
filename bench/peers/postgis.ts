/**
 * PostGIS 3.3 geography peer on a throwaway cluster: initdb in a temporary directory, started on a
 * Unix socket only (listen_addresses=''), removed at the end. As root, the cluster runs as the
 * `postgres` system user (initdb refuses root).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = '/usr/lib/postgresql/15/bin';

export interface Cluster {
  dir: string;
  socket: string;
  port: number;
  sql(query: string): string;
  stop(): void;
}

function asPostgres(cmd: string, args: string[]): string[] {
  return process.getuid?.() === 0
    ? ['runuser', ['-u', 'postgres', '--', cmd, ...args].join('\u0000')]
    : [cmd, args.join('\u0000')];
}

function run(cmd: string, args: string[], input?: string): string {
  const [c, a] = asPostgres(cmd, args);
  const r = spawnSync(c, a.split('\u0000'), { input, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr || r.stdout}`);
  return r.stdout;
}

export function postgisAvailable(): string | null {
  if (!existsSync(join(BIN, 'initdb')))
    return 'postgresql-15 is not installed (apt-get install -y postgresql-15-postgis-3)';
  if (!existsSync('/usr/share/postgresql/15/extension/postgis.control'))
    return 'PostGIS is not installed (apt-get install -y postgresql-15-postgis-3)';
  return null;
}

export function startCluster(): Cluster {
  const dir = mkdtempSync(join(tmpdir(), 'incursion-pg-'));
  chmodSync(dir, 0o700);
  if (process.getuid?.() === 0) chownSync(dir, 101, 104);
  const data = join(dir, 'data');
  const socket = dir;
  const port = 54329;
  run(join(BIN, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  run(join(BIN, 'pg_ctl'), [
    '-D',
    data,
    '-w',
    '-l',
    join(dir, 'log'),
    '-o',
    `-c listen_addresses='' -c unix_socket_directories=${socket} -p ${port} -c fsync=off -c max_parallel_workers_per_gather=0 -c jit=off -c shared_buffers=256MB`,
    'start',
  ]);
  const cluster: Cluster = {
    dir,
    socket,
    port,
    sql(query: string): string {
      return run(
        '/usr/bin/psql',
        [
          '-h',
          socket,
          '-p',
          String(port),
          '-U',
          'postgres',
          '-X',
          '-q',
          '-A',
          '-t',
          '-v',
          'ON_ERROR_STOP=1',
          '-f',
          '-',
        ],
        query,
      );
    },
    stop() {
      try {
        run(join(BIN, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
  return cluster;
}

/** Writes a file the postgres user can read (for COPY ... FROM). */
export function sharedFile(cluster: Cluster, name: string, text: string): string {
  const p = join(cluster.dir, name);
  writeFileSync(p, text);
  if (process.getuid?.() === 0) chownSync(p, 101, 104);
  return p;
}

export function postgisVersion(cluster: Cluster): string {
  return cluster.sql('SELECT postgis_lib_version();').trim();
}

export { execFileSync };
