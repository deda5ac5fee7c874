// `npm test` starts throwaway redis-server processes (the shared rate budget and duplicate guard
// across replicas). Without one on PATH, stop at once with one line that says how to install it,
// rather than let four test files fail on a missing binary.
import { spawnSync } from 'node:child_process';

const found = spawnSync('redis-server', ['--version'], { stdio: 'ignore' });
if (found.error || found.status !== 0) {
  process.stderr.write(
    'npm test needs redis-server on PATH: install it (Debian/Ubuntu: sudo apt-get install -y redis-server; macOS: brew install redis), then run npm test again.\n',
  );
  process.exit(1);
}
