// A child process for the restart test: takes jobs from the queue in <dataDir> and records each
// start in <dataDir>/starts.log; jobs of key "slow" never finish, so the parent can kill it mid-job.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '#store';
import { EmbeddedQueue } from '#jobs';

const dataDir = process.argv[2]!;
const store = openStore({ dataDir });
await store.migrate();
const queue = new EmbeddedQueue({ repository: store.jobs, leaseMs: 1_000, pollIntervalMs: 20 });
queue.handle<{ n: number }>(
  'work',
  async ({ job }) => {
    appendFileSync(join(dataDir, 'starts.log'), `${job.key}\n`);
    if (job.key === 'slow') await new Promise(() => undefined);
  },
  { concurrency: 2 },
);
queue.start();
process.stdout.write('ready\n');
