import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** Once before the browser specs: Debian's Chromium must be installed (apt-get, never a download). */
export default function globalSetup(): void {
  execFileSync('bash', [join(__dirname, '..', '..', '..', 'scripts', 'ensure-chromium.sh')], { stdio: 'inherit' });
}
